// Starts bench/lib/emulatorBenchServer.ts in a child process and talks to it over IPC.
import { type ChildProcess, fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ServerStats {
  rss: number
  heapUsed: number
  peakRss: number
  peakHeapUsed: number
  /** CPU time (user + system) the server has used so far, µs. */
  cpuUs: number
}

export type BenchChildMode = 'bare' | 'emulator' | 'floor'

export interface BenchChild {
  /** What the load goes to. */
  url: string
  /**
   * Where setup calls (project token, accounts, signed bodies) go: `url`, except for the floor,
   * which serves only the timed APIs and leaves the rest to the emulator it shares state with.
   */
  setupUrl: string
  /** `x-gs2ez-admin-token` for the emulator's `/__emulator/...` API at `setupUrl`; '' for bare. */
  adminToken: string
  stats(): Promise<ServerStats>
  resetPeaks(): Promise<void>
  stop(): Promise<void>
}

const here = dirname(fileURLToPath(import.meta.url))

const next = <T>(child: ChildProcess, type: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(message as T)
    }
    const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })

export const startBenchChild = async (mode: BenchChildMode): Promise<BenchChild> => {
  const child = fork(join(here, 'emulatorBenchServer.ts'), [mode], {
    execArgv: ['--import', 'tsx', '--conditions=@gs2ez/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const { url, setupUrl, adminToken } = await next<{
    url: string
    setupUrl: string
    adminToken: string
  }>(child, 'ready')
  return {
    url,
    setupUrl,
    adminToken,
    stats: async () => {
      const reply = next<ServerStats>(child, 'stats')
      child.send('stats')
      return reply
    },
    resetPeaks: async () => {
      const reply = next<unknown>(child, 'reset')
      child.send('reset-peaks')
      await reply
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.send('exit')
      }),
  }
}
