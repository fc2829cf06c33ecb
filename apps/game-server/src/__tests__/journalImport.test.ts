import { createHmac } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { defaultRandom } from '../config.ts'
import { sha256 } from '../store/ids.ts'
import { JOURNAL_FILE } from '../store/journal.ts'
import type { Change } from '../store/records.ts'
import { PasswordHasher } from '../users/passwordHasher.ts'
import { CLIENT_ID, passwordForm, type Stack, startStack, totpAt } from './fixtures/stack.ts'
import { STORE } from './fixtures/testDatabase.ts'

// A data directory as the journal-based game server left it: users, a signed-in session, a
// TOTP user whose last code was used, mail, and the key that derives rotated refresh tokens.
let dir: string
let stack: Stack | undefined
const REFRESH_KEY = Buffer.alloc(32, 3).toString('base64url')
const SESSION_TOKEN = 'old-refresh-token-0123456789abcdefghijklmnopqrst'
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gs2ez-journal-'))
})
afterEach(async () => {
  await stack?.close()
  stack = undefined
  await rm(dir, { recursive: true, force: true })
})

async function writeOldJournal(now: number, lastTotpStep: number): Promise<void> {
  const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom)
  const user = (name: string, extra: Record<string, unknown> = {}) => ({
    userGuid: `guid-${name}`,
    username: name,
    usernameKey: name.toLowerCase(),
    email: null,
    twoFactor: 'none',
    totpSecret: null,
    lastTotpTimeStep: null,
    gs2UserId: `gs2-${name}`,
    createdAt: now - 1000,
    ...extra,
  })
  const family = {
    familyId: 'family-1',
    userGuid: 'guid-Olga',
    clientId: CLIENT_ID,
    scope: 'gs2',
    createdAt: now - 1000,
    revokedAt: null,
    revokedReason: null,
    timeOffset: null,
  }
  const token = {
    hash: sha256(SESSION_TOKEN),
    familyId: 'family-1',
    userGuid: 'guid-Olga',
    issuedAt: now - 1000,
    expiresAt: now + 30 * 24 * 3600_000,
    rotatedAt: null,
    successorHash: null,
  }
  const batches: Change[][] = [
    [{ t: 'meta', k: 'secrets', v: { refreshKey: REFRESH_KEY } }],
    [
      {
        t: 'users',
        k: 'guid-Olga',
        v: { ...user('Olga'), passwordHash: await hasher.hash('olga-password') } as never,
      },
    ],
    [
      {
        t: 'users',
        k: 'guid-pia',
        v: {
          ...user('pia', {
            twoFactor: 'totp',
            totpSecret: TOTP_SECRET,
            lastTotpTimeStep: lastTotpStep,
          }),
          passwordHash: await hasher.hash('pia-password'),
        } as never,
      },
    ],
    [
      { t: 'families', k: 'family-1', v: family },
      { t: 'refreshTokens', k: token.hash, v: token },
    ],
    [
      {
        t: 'outbox',
        k: 'mail-1',
        v: {
          id: 'mail-1',
          to: 'olga@example.com',
          subject: 'Hi',
          text: 'code 123456',
          sentAt: now,
        },
      },
    ],
  ]
  // The old server's journal ends with a torn line after a crash: never acknowledged, skipped.
  const text = `${batches.map((b) => JSON.stringify(b)).join('\n')}\n[{"t":"users","k":"torn`
  await writeFile(join(dir, JOURNAL_FILE), text)
}

test('a journal data directory is imported once: passwords, sessions, TOTP replay state, mail', async () => {
  const now = Date.now()
  const usedStep = Math.floor(now / 30_000)
  await writeOldJournal(now, usedStep)
  stack = await startStack({ importJournalFrom: dir })
  expect(stack.server.imported).toEqual({
    users: 2,
    families: 1,
    refreshTokens: 1,
    outbox: 1,
    timeOffsetTokens: 0,
  })

  // Sign in with the old password, case-insensitively as before.
  const login = await stack.token(passwordForm('olga', 'olga-password'))
  expect(login.status).toBe(200)
  expect(login.body).toMatchObject({ user_guid: 'guid-Olga', gs2_user_id: 'gs2-Olga' })

  // The session from before the move keeps refreshing, with the successor the old key derives.
  const refresh = (token: string) =>
    stack?.token({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: token })
  const refreshed = await refresh(SESSION_TOKEN)
  expect(refreshed?.status).toBe(200)
  expect(refreshed?.body.refresh_token).toBe(
    createHmac('sha256', Buffer.from(REFRESH_KEY, 'base64url'))
      .update(`refresh:${SESSION_TOKEN}`)
      .digest('base64url'),
  )

  // The TOTP code already used before the move is still refused; the next one works.
  const pia = (otp: string) =>
    stack?.token(
      passwordForm('pia', 'pia-password', { additional_parameters: JSON.stringify({ otp }) }),
    )
  const at = (ms: number) => totpAt(TOTP_SECRET, { now: () => ms })
  expect((await pia(await at(usedStep * 30_000)))?.body).toMatchObject({
    error_reason: 'invalid_code',
  })
  stack.clock.advance(30_000)
  expect((await pia(await at(stack.clock.now())))?.status).toBe(200)
  expect(await stack.outbox('olga@example.com')).toHaveLength(1)

  // A restart pointing at the same directory does not import it again.
  stack = await stack.restart()
  expect(stack.server.imported).toBeUndefined()
  expect((await stack.token(passwordForm('olga', 'olga-password'))).status).toBe(200)
})

test('an import into a database that already has users is refused; a corrupt journal too', async () => {
  await writeOldJournal(Date.now(), 1)
  stack = await startStack()
  await stack.register({ username: 'already', password: 'already-password' })
  await expect(stack.restart({ importJournalFrom: dir })).rejects.toThrow('already has users')
  stack = await stack.restart({ importJournalFrom: undefined })

  await writeFile(join(dir, JOURNAL_FILE), '[{"t":"users","k":"a"}]\ngarbage\n[]\n')
  await expect(startStack({ importJournalFrom: dir })).rejects.toThrow('Corrupt journal line 2')
})

// The embedded store on disk is PGlite whatever the project's store: defined once, in the
// PGlite run.
if (STORE === 'pglite') {
  test('--data on an old journal directory: imported on first start, kept in <dir>/pglite across restarts', async () => {
    const now = Date.now()
    await writeOldJournal(now, 1)
    stack = await startStack({ dataDir: dir })
    expect(stack.server.store).toBe('pglite')
    expect(stack.server.imported?.users).toBe(2)
    await stack.register({ username: 'newcomer', password: 'newcomer-password' })
    stack = await stack.restart()
    expect(stack.server.imported).toBeUndefined()
    expect((await stack.token(passwordForm('Olga', 'olga-password'))).status).toBe(200)
    expect((await stack.token(passwordForm('newcomer', 'newcomer-password'))).status).toBe(200)
  }, 120_000)
}
