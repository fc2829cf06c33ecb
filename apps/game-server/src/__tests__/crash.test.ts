import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { defaultRandom } from '../config.ts'
import type { Database } from '../store/database.ts'
import { openPgliteDatabase } from '../store/pgliteDatabase.ts'
import { PasswordHasher } from '../users/passwordHasher.ts'
import { createTestDatabase, STORE, type TestDatabase } from './fixtures/testDatabase.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cli = join(root, 'src/cli.ts')

let child: ChildProcess | undefined
let dataDir: string | undefined
let database: TestDatabase | undefined
afterEach(async () => {
  child?.kill('SIGKILL')
  child = undefined
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  dataDir = undefined
  await database?.drop()
  database = undefined
})

/** The real CLI in its own process, so it can die as a process does. */
function startCli(args: readonly string[]): Promise<{ url: string; process: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@gs2ez/source', cli, '--port', '0', ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child = proc
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /gs2ez game server on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve({ url: match[1], process: proc })
    }
    proc.stdout?.on('data', onData)
    proc.stderr?.on('data', onData)
    proc.once('exit', (code, signal) =>
      reject(new Error(`the game server exited (${signal ?? code}):\n${output}`)),
    )
  })
}

test(`kill -9 of an instance loses no acknowledged registration (${STORE})`, async () => {
  let args: string[]
  let reopen: () => Promise<Database>
  if (STORE === 'postgres') {
    database = await createTestDatabase('postgres')
    const url = database.url ?? ''
    args = ['--database-url', url]
    reopen = () => (database as TestDatabase).open()
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'gs2ez-crash-'))
    dataDir = dir
    args = ['--data', dir]
    reopen = () => openPgliteDatabase(dir)
  }
  // GS2 is not needed to register: an unreachable endpoint proves it.
  const server = await startCli([...args, '--gs2-endpoint', 'http://127.0.0.1:9/{service}'])
  const acknowledged: string[] = []
  let killed = false
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()))
  const sends = Array.from({ length: 24 }, async (_, i) => {
    const username = `crash${i}`
    try {
      const res = await fetch(`${server.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: `${username}-password` }),
      })
      if (res.status !== 201) throw new Error(`register ${username}: ${res.status}`)
      acknowledged.push(username)
      // Pull the plug mid-burst: some registrations are in flight, some not yet started.
      if (acknowledged.length >= 6 && !killed) {
        killed = true
        server.process.kill('SIGKILL')
      }
    } catch (error) {
      if (!killed) throw error
    }
  })
  await Promise.all(sends)
  await exited
  expect(killed).toBe(true)
  expect(acknowledged.length).toBeGreaterThanOrEqual(6)

  const db = await reopen()
  try {
    const rows = await db.query<{ username_key: string; password_hash: string }>(
      'SELECT username_key, password_hash FROM users',
    )
    const stored = new Map(rows.map((r) => [r.username_key, r.password_hash]))
    for (const username of acknowledged) expect(stored.has(username)).toBe(true)
    const first = acknowledged[0] ?? ''
    const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom)
    expect(await hasher.verify(`${first}-password`, stored.get(first) ?? '')).toBe(true)
  } finally {
    await db.close()
  }
}, 180_000)
