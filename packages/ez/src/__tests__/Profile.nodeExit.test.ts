import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { afterEach, expect, test } from 'vitest'

const script = fileURLToPath(new URL('./fixtures/loginAndEnd.ts', import.meta.url))
let emulator: RunningEmulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/**
 * Runs the script; a process still alive `limitMs` after it printed that its work is done is
 * killed and reported as hung. The wait starts there, not at spawn: on a busy machine loading
 * tsx and logging in alone can take longer than any fixed limit (a stress run saw 15 s).
 */
const run = (args: string[], limitMs: number) =>
  new Promise<{ code: number | null; hung: boolean; out: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@gs2ez/source', script, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let hung = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const collect = (chunk: Buffer) => {
      out += chunk.toString()
      if (timer === undefined && /logged in \S+ active/.test(out)) {
        timer = setTimeout(() => {
          hung = true
          child.kill('SIGKILL')
        }, limitMs)
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, hung, out })
    })
  })

test.each([
  ['just ends (no dispose)', 'end'],
  ['calls dispose()', 'dispose'],
])(
  'a Node script that logs in with Profile and %s exits by itself',
  async (_, mode) => {
    emulator = await startEmulator({ port: 0 })
    const { clientId, clientSecret } = emulator.credentials.application
    // The refresh timer is due in ~55 min and the store has timeouts: only unref'd handles may
    // remain, so the process ends as soon as its own work is done (milliseconds, not the limit).
    const result = await run([emulator.endpointTemplate, clientId, clientSecret, mode], 10_000)
    expect(result.hung).toBe(false)
    expect(result.out).toMatch(/logged in \S+ active/)
    expect(result.code).toBe(0)
  },
  30_000,
)
