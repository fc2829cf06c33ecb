import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface GameServerProcess {
  /** e.g. `http://127.0.0.1:4100`, as the server printed it. */
  readonly url: string
  readonly child: ChildProcess
  /** SIGTERM (the server closes its journal), SIGKILL if it has not exited after 5 s. */
  close(): Promise<void>
}

export interface GameServerProcessOptions {
  /** GS2 endpoint template, e.g. `http://127.0.0.1:4000/{service}`. */
  readonly gs2Endpoint: string
  /** 0 picks a free port. */
  readonly port: number
  /** Journal directory; in memory when absent. */
  readonly dataDir?: string
  /** Echo the server's output (dev); tests keep it for the error message only. */
  readonly inheritOutput?: boolean
  readonly startTimeoutMs?: number
}

// Spawned, never imported: apps do not import each other, and the dev loop runs the same CLI
// a developer would start by hand (`pnpm --filter game-server start`).
const cliPath = fileURLToPath(new URL('../../game-server/src/cli.ts', import.meta.url))
const gameServerRoot = fileURLToPath(new URL('../../game-server/', import.meta.url))
const READY = /gs2ez game server on (http:\/\/\S+)/

/** Starts apps/game-server's CLI as a child process and waits for the URL it prints. */
export function startGameServerProcess(
  options: GameServerProcessOptions,
): Promise<GameServerProcess> {
  const args = [
    '--import',
    'tsx',
    '--conditions=@gs2ez/source',
    cliPath,
    '--port',
    String(options.port),
    '--gs2-endpoint',
    options.gs2Endpoint,
    '--dev',
    ...(options.dataDir === undefined ? [] : ['--data', options.dataDir]),
  ]
  const child = spawn(process.execPath, args, {
    cwd: gameServerRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  // The game server's embedded PostgreSQL (PGlite) runs initdb on a fresh start: seconds, more on a busy box.
  const timeoutMs = options.startTimeoutMs ?? 90_000
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void close()
      reject(new Error(`the game server did not start within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    let url: string | undefined
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      if (options.inheritOutput) process.stdout.write(text.replace(/^/gm, '  [game-server] '))
      output += text
      const match = url === undefined ? READY.exec(output) : null
      if (match?.[1]) {
        url = match[1]
        clearTimeout(timer)
        resolve({ url, child, close })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (url === undefined) {
        reject(
          new Error(`the game server exited (${signal ?? code}) before it started:\n${output}`),
        )
      }
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}
