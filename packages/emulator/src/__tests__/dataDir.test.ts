import { createHmac } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator } from '../createEmulator.ts'
import { JournalCorruptError } from '../store/journal.ts'
import type { Harness } from './helpers/emulatorHarness.ts'
import { startHarness } from './helpers/emulatorHarness.ts'

let dir: string
let h: Harness | undefined
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-datadir-'))
})
afterEach(async () => {
  await h?.close()
  h = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** Every file of the data directory, as text. */
const dataDirText = () =>
  readdirSync(dir)
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n')

/** Every base64/base64url/hex run long enough to be a 16+ byte key, as bytes. */
const keyCandidates = (text: string): Buffer[] => {
  const out: Buffer[] = []
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{22,}={0,2}/g)) {
    out.push(Buffer.from(m[0], 'base64'), Buffer.from(m[0], 'base64url'), Buffer.from(m[0]))
    if (/^[0-9a-f]+$/i.test(m[0])) out.push(Buffer.from(m[0], 'hex'))
  }
  return out
}

describe('the data directory holds nothing a credential can be recomputed from', () => {
  it('keeps no password, token, avoider or key of a password hash', async () => {
    h = await startHarness({ dataDir: dir, adminToken: 'admin-token-of-this-test-run' })
    const plain = await h.signIn()
    const avoider = 'install-7f3a9c'
    const avoided = await h.call<{ item: { userId: string; password: string } }>(
      'POST',
      '/account/default/account',
      { body: {}, duplicationAvoider: avoider },
    )
    const { password: avoidedPassword } = avoided.json.item
    // A retry still answers the same password: from the avoider the client holds, not the disk.
    const retry = await h.call<{ item: { password: string } }>('POST', '/account/default/account', {
      body: {},
      duplicationAvoider: avoider,
    })
    expect(retry.json.item.password).toBe(avoidedPassword)
    const minted = await h.admin<{ token: string }>('POST', '/tokens', { userId: 'minted' })
    const offset = await h.call<{ token: string }>('POST', '/auth/timeoffset/token', {
      body: { userId: plain.userId, timeOffset: 60 },
      as: 'server',
    })
    await h.close()
    h = undefined

    const text = dataDirText()
    const secrets = [
      plain.password,
      plain.token,
      avoidedPassword,
      avoider,
      minted.json.token,
      offset.json.token,
      'admin-token-of-this-test-run',
      'gs2ez-demo-app-secret',
      'gs2ez-demo-server-secret',
    ]
    for (const secret of secrets) expect(text, secret).not.toContain(secret)
    expect(text).not.toContain('pepper')
    // No key in the directory turns a stored hash back into a check of a guessed password:
    // keyed hashes of the real passwords appear nowhere.
    for (const key of keyCandidates(text)) {
      for (const password of [plain.password, avoidedPassword]) {
        const keyed = createHmac('sha256', key).update(password).digest('hex')
        expect(text.includes(keyed)).toBe(false)
        const derived = createHmac('sha256', key)
          .update(`avoider\ndefault\n${avoider}`)
          .digest('hex')
        expect(text.includes(derived)).toBe(false)
      }
    }

    // And everything still works after a restart.
    h = await startHarness({ dataDir: dir })
    expect((await h.authenticate(plain.userId, plain.password)).status).toBe(200)
    const again = await h.call<{ item: { password: string } }>('POST', '/account/default/account', {
      body: {},
      duplicationAvoider: avoider,
    })
    expect(again.json.item.password).toBe(avoidedPassword)
  })

  it('upgrades a data directory of an older version: its accounts still log in, then the pepper goes', async () => {
    const pepper = Buffer.alloc(32, 7).toString('base64')
    const password = 'A'.repeat(32)
    const legacyHash = createHmac('sha256', Buffer.from(pepper, 'base64'))
      .update(password)
      .digest('hex')
    const account = {
      namespaceName: 'default',
      userId: 'old-user',
      passwordHash: legacyHash,
      timeOffset: 0,
      banStatuses: [],
      lastAuthenticatedAt: null,
      createdAt: 1,
      revision: 1,
    }
    writeFileSync(
      path.join(dir, 'snapshot.jsonl'),
      [
        { t: 'meta', k: 'meta', v: { pepper } },
        {
          t: 'accountNamespaces',
          k: 'default',
          v: { name: 'default', description: '', createdAt: 1 },
        },
        { t: 'accounts', k: 'default/old-user', v: account },
        {
          t: 'avoiders',
          k: 'default/clear-avoider',
          v: { namespaceName: 'default', userId: 'old-user', expiresAt: Date.now() + 3_600_000 },
        },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n')
        .concat('\n'),
    )
    h = await startHarness({ dataDir: dir })
    expect(dataDirText()).not.toContain('clear-avoider')
    expect((await h.authenticate('old-user', password)).status).toBe(200)
    expect((await h.authenticate('old-user', 'B'.repeat(32))).status).toBe(401)
    await h.close()
    h = await startHarness({ dataDir: dir })
    expect(dataDirText()).not.toContain(pepper)
    expect((await h.authenticate('old-user', password)).status).toBe(200)
  })
})

describe('a corrupt journal record is never dropped silently', () => {
  it('stops start-up on a corrupt middle record, naming file and line, and changes nothing', async () => {
    h = await startHarness({ dataDir: dir })
    const a = await h.createAccount()
    const b = await h.createAccount()
    await h.close()
    h = undefined
    const journal = path.join(dir, 'journal.jsonl')
    const lines = readFileSync(journal, 'utf8').split('\n')
    const index = lines.findIndex((l) => l.includes(a.userId))
    expect(index).toBeGreaterThan(0)
    const good = lines[index] as string
    lines[index] = good.slice(0, 40) // a record cut short in the middle of the file
    writeFileSync(journal, lines.join('\n'))
    const before = {
      journal: readFileSync(journal),
      snapshot: readFileSync(path.join(dir, 'snapshot.jsonl')),
    }

    let error: unknown
    try {
      createEmulator({ dataDir: dir })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(JournalCorruptError)
    expect(error).toMatchObject({
      code: 'emulator.journal.corrupt',
      file: journal,
      line: index + 1,
    })
    expect((error as Error).message).toContain(`${journal} line ${index + 1}`)
    expect((error as Error).message).toMatch(/delete that line|move the data directory/)
    await expect(startHarness({ dataDir: dir })).rejects.toThrow(/is corrupt/)
    // Start-up compaction did not run: both files are byte for byte as they were.
    expect(readFileSync(journal)).toEqual(before.journal)
    expect(readFileSync(path.join(dir, 'snapshot.jsonl'))).toEqual(before.snapshot)

    // Repaired, everything else is there.
    lines[index] = good
    writeFileSync(journal, lines.join('\n'))
    h = await startHarness({ dataDir: dir })
    expect((await h.authenticate(a.userId, a.password)).status).toBe(200)
    expect((await h.authenticate(b.userId, b.password)).status).toBe(200)
  })

  it('refuses valid JSON that is no journal record, and still recovers a torn last record', async () => {
    h = await startHarness({ dataDir: dir })
    const a = await h.createAccount()
    await h.close()
    h = undefined
    const journal = path.join(dir, 'journal.jsonl')
    const text = readFileSync(journal, 'utf8')
    writeFileSync(journal, `{"t":"nope","k":"x"}\n${text}`)
    expect(() => createEmulator({ dataDir: dir })).toThrow(
      /line 1 is corrupt \(not a journal record\)/,
    )
    const warnings: unknown[] = []
    writeFileSync(journal, `${text}[{"t":"accounts","k":"default/x","v":{"namesp`)
    h = await startHarness({ dataDir: dir, log: (m) => warnings.push(m) })
    expect((await h.authenticate(a.userId, a.password)).status).toBe(200)
    expect(String(warnings[0])).toMatch(/torn last record/)
  })
})
