import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { rawCall } from './helpers/emulatorHarness.ts'

// A takeover answered with 200 survives `kill -9` right after: the setting, and the account's
// new password (changePasswordIfTakeOver), so the old device stays locked out after a crash.

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-takeover-kill-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The CLI in a child process, so it can really be killed with SIGKILL. */
const spawnCli = async (dataDir: string): Promise<{ child: ChildProcess; url: string }> => {
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
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}${err}`)), 20_000)
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`CLI exited with ${code}: ${out}${err}`))
    })
  })
  return { child, url }
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode)
    else child.once('exit', (_code, signal) => resolve(signal))
  })

const projectToken = async (url: string, clientId: string) =>
  (
    await rawCall<{ access_token: string }>(`${url}/identifier/projectToken/login`, 'POST', {
      body: { client_id: clientId, client_secret: `${clientId}-secret` },
    })
  ).json.access_token

it('a takeover answered with 200 survives kill -9 right after', { timeout: 60_000 }, async () => {
  const first = await spawnCli(dir)
  let userId: string
  let oldPassword: string
  let newPassword: string
  try {
    const app = await projectToken(first.url, 'gs2ez-demo-app')
    const server = await projectToken(first.url, 'gs2ez-demo-server')
    const call = <T>(method: string, p: string, init: Parameters<typeof rawCall>[2] = {}) =>
      rawCall<T>(`${first.url}${p}`, method, { projectToken: app, ...init })
    expect(
      (
        await call('POST', '/account/', {
          projectToken: server,
          body: { name: 'strict', changePasswordIfTakeOver: true },
        })
      ).status,
    ).toBe(200)
    const created = await call<{ item: { userId: string; password: string } }>(
      'POST',
      '/account/strict/account',
    )
    userId = created.json.item.userId
    oldPassword = created.json.item.password
    const signed = await call<{ body: string; signature: string }>(
      'PUT',
      `/account/strict/account/${userId}`,
      {
        body: { password: oldPassword },
      },
    )
    const token = await call<{ token: string }>('POST', '/auth/login/signed', { body: signed.json })
    const setting = await call('POST', '/account/strict/account/me/takeover', {
      accessToken: token.json.token,
      body: { type: 0, userIdentifier: 'crash@example.com', password: 'transfer' },
    })
    expect(setting.status).toBe(200)
    const moved = await call<{ item: { password: string } }>(
      'POST',
      '/account/strict/takeover/type/0',
      {
        body: { userIdentifier: 'crash@example.com', password: 'transfer' },
      },
    )
    expect(moved.status).toBe(200)
    newPassword = moved.json.item.password
  } finally {
    // SIGKILL right after the 200: no shutdown hook, no flush.
    first.child.kill('SIGKILL')
  }
  expect(await exited(first.child)).toBe('SIGKILL')

  const second = await spawnCli(dir)
  try {
    const app = await projectToken(second.url, 'gs2ez-demo-app')
    const call = <T>(method: string, p: string, init: Parameters<typeof rawCall>[2] = {}) =>
      rawCall<T>(`${second.url}${p}`, method, { projectToken: app, ...init })
    expect(
      (await call('PUT', `/account/strict/account/${userId}`, { body: { password: newPassword } }))
        .status,
    ).toBe(200)
    expect(
      (await call('PUT', `/account/strict/account/${userId}`, { body: { password: oldPassword } }))
        .status,
    ).toBe(401)
    const again = await call<{ item: { userId: string } }>(
      'POST',
      '/account/strict/takeover/type/0',
      {
        body: { userIdentifier: 'crash@example.com', password: 'transfer' },
      },
    )
    expect(again.json.item.userId).toBe(userId)
  } finally {
    second.child.kill('SIGTERM')
    await exited(second.child)
  }
})
