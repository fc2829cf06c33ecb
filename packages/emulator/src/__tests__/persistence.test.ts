import { type ChildProcess, spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, rawCall, startHarness } from './helpers/emulatorHarness.ts'

let dir: string
let h: Harness | undefined
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-emulator-'))
})
afterEach(async () => {
  await h?.close()
  h = undefined
  rmSync(dir, { recursive: true, force: true })
})

const journalLines = () =>
  readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean)
const snapshot = () => readFileSync(path.join(dir, 'snapshot.jsonl'), 'utf8')

describe('persistence with dataDir (in process)', () => {
  it('restores accounts, namespaces, keys, project and access tokens after a restart', async () => {
    h = await startHarness({ dataDir: dir })
    expect(
      (await h.call('POST', '/account/', { body: { name: 'ns2' }, as: 'server' })).status,
    ).toBe(200)
    expect((await h.call('POST', '/key/', { body: { name: 'k' }, as: 'server' })).status).toBe(200)
    expect(
      (await h.call('POST', '/key/k/key', { body: { name: 'k1' }, as: 'server' })).status,
    ).toBe(200)
    const a = await h.signIn('ns2')
    const { appToken } = h
    expect(journalLines().length).toBeGreaterThan(5)
    await h.close()

    h = await startHarness({ dataDir: dir })
    expect((await h.call('GET', '/account/ns2')).status).toBe(200)
    expect((await h.call('GET', '/key/k/key/k1')).status).toBe(200)
    const auth = await h.call('PUT', `/account/ns2/account/${a.userId}`, {
      body: { password: a.password },
    })
    expect(auth.status).toBe(200)
    // The old project token and access token still work: a restart does not log anyone out.
    expect(
      (
        await h.call('GET', '/auth/system/version', {
          projectToken: appToken,
          accessToken: a.token,
        })
      ).status,
    ).toBe(200)
    // The key secret survived too: a body signed before the restart still verifies.
    expect((await h.call('POST', '/auth/login/signed', { body: auth.json })).status).toBe(200)
  })

  it('compacts at startup: snapshot without expired tokens, empty journal', async () => {
    const clock = manualClock()
    h = await startHarness({ dataDir: dir, clock, tokenTtlSeconds: 60 })
    const short = await h.call<{ token: string }>('POST', '/auth/login', {
      body: { userId: 'short' },
      as: 'server',
    })
    const long = await h.admin<{ token: string }>('POST', '/tokens', {
      userId: 'long',
      ttlSeconds: 3600,
    })
    await h.close()
    clock.advance(61_000)

    h = await startHarness({ dataDir: dir, clock })
    expect(journalLines().length).toBeGreaterThan(0) // the two project-token logins of this harness
    // Tokens only: both users stay known (as server users, /__emulator/players), not their tokens.
    const tokenUsers = snapshot()
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => [JSON.parse(line)].flat() as { t: string; v?: { userId?: string } }[])
      .filter((change) => change.t === 'accessTokens')
      .map((change) => change.v?.userId)
    expect(tokenUsers).toEqual(['long'])
    expectGs2Error(
      await h.call('GET', '/auth/system/version', { accessToken: short.json.token }),
      401,
      {},
    )
    expect(
      (await h.call('GET', '/auth/system/version', { accessToken: long.json.token })).status,
    ).toBe(200)
  })

  it('survives a torn last journal line (a crash in the middle of a write)', async () => {
    h = await startHarness({ dataDir: dir })
    const a = await h.createAccount()
    await h.close()
    appendFileSync(path.join(dir, 'journal.jsonl'), '[{"t":"accounts","k":"default/x","v":{"namesp')
    h = await startHarness({ dataDir: dir })
    expect((await h.authenticate(a.userId, a.password)).status).toBe(200)
  })

  it('persists deletions, revocations and reset', async () => {
    h = await startHarness({ dataDir: dir })
    const a = await h.signIn()
    const b = await h.signIn()
    await h.call('DELETE', `/account/default/account/${a.userId}`, { as: 'server' })
    await h.admin('POST', '/tokens/revoke', { token: b.token })
    await h.close()
    h = await startHarness({ dataDir: dir })
    expectGs2Error(await h.call('GET', `/account/default/account/${a.userId}`), 404, {})
    expect((await h.call('GET', '/auth/system/version', { accessToken: b.token })).status).toBe(401)
    expect((await h.call('GET', `/account/default/account/${b.userId}`)).status).toBe(200)
    await h.admin('POST', '/reset')
    await h.close()
    h = await startHarness({ dataDir: dir })
    expect((await h.call('GET', `/account/default/account/${b.userId}`)).status).toBe(404)
    expect((await h.call('GET', '/key/default/key/default')).status).toBe(200)
  })
})

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The CLI in a child process, so it can really be killed with SIGKILL. */
const spawnCli = async (
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; adminToken: string }> => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@gs2ez/source',
      'src/cli.ts',
      '--port',
      '0',
      '--data',
      dataDir,
    ],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let err = ''
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString()
  })
  const [url, adminToken] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}${err}`)), 20_000)
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      const token = /admin token\s+(\S+)/.exec(out)
      if (m?.[1] && token?.[1]) {
        clearTimeout(timer)
        resolve([m[1], token[1]])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`CLI exited with ${code}: ${out}${err}`))
    })
  })
  return { child, url, adminToken }
}

const killed = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode)
    else child.once('exit', (_code, signal) => resolve(signal))
  })

describe('persistence across kill -9 (child process running the CLI)', () => {
  it('loses nothing that was answered with 200', { timeout: 60_000 }, async () => {
    const first = await spawnCli(dir)
    const login = await rawCall<{ access_token: string }>(
      `${first.url}/identifier/projectToken/login`,
      'POST',
      {
        body: { client_id: 'gs2ez-demo-app', client_secret: 'gs2ez-demo-app-secret' },
      },
    )
    const projectToken = login.json.access_token
    const created = await rawCall<{ item: { userId: string; password: string } }>(
      `${first.url}/account/default/account`,
      'POST',
      {
        projectToken,
        duplicationAvoider: 'avoid-1',
      },
    )
    const { userId, password } = created.json.item
    const auth = await rawCall<{ body: string; signature: string }>(
      `${first.url}/account/default/account/${userId}`,
      'PUT',
      {
        projectToken,
        body: { password },
      },
    )
    const signed = await rawCall<{ token: string }>(`${first.url}/auth/login/signed`, 'POST', {
      projectToken,
      body: auth.json,
    })
    expect(signed.status).toBe(200)
    // SIGKILL right after the 200: no shutdown hook, no flush.
    first.child.kill('SIGKILL')
    expect(await killed(first.child)).toBe('SIGKILL')

    const second = await spawnCli(dir)
    try {
      const call = (method: string, p: string, init = {}) =>
        rawCall(`${second.url}${p}`, method, { projectToken, ...init })
      expect((await call('GET', `/account/default/account/${userId}`)).status).toBe(200)
      expect(
        (await call('PUT', `/account/default/account/${userId}`, { body: { password } })).status,
      ).toBe(200)
      expect(
        (await call('GET', '/auth/system/version', { accessToken: signed.json.token })).status,
      ).toBe(200)
      const replay = await call('POST', '/account/default/account', {
        duplicationAvoider: 'avoid-1',
      })
      expect(replay.json).toMatchObject({ item: { userId, password } })
    } finally {
      second.child.kill('SIGTERM')
      await killed(second.child)
    }
  })

  it('prints the admin token, which the admin API wants; closes cleanly on SIGINT', {
    timeout: 30_000,
  }, async () => {
    const run = await spawnCli(dir)
    const state = `${run.url}/__emulator/state`
    expect((await fetch(state)).status).toBe(401)
    expect(
      (await fetch(state, { headers: { 'x-gs2ez-admin-token': run.adminToken } })).status,
    ).toBe(200)
    run.child.kill('SIGINT')
    await killed(run.child)
    expect(run.child.exitCode).toBe(0)
  })
})
