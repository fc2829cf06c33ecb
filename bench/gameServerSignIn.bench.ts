// Sign-ins per second at the reference game server, password and password + TOTP, on PGlite
// (embedded, on disk) and on PostgreSQL, next to the floor every sign-in pays: scrypt alone at
// the same cost and the same 2-at-a-time gate. The gap is the store, HTTP and the GS2 login.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_LIMITS, DEFAULT_SCRYPT, defaultRandom } from '../apps/game-server/src/config.ts'
import { createGameServer } from '../apps/game-server/src/createGameServer.ts'
import { totpCode } from '../apps/game-server/src/twoFactor/totp.ts'
import { PasswordHasher } from '../apps/game-server/src/users/passwordHasher.ts'
import { WorkGate } from '../apps/game-server/src/users/workGate.ts'
import { startEmulator } from '../packages/emulator/src/index.ts'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'

/** Clients signing in at once: the hash gate's width, so queueing does not blur the latency. */
const CONCURRENCY = DEFAULT_LIMITS.hashConcurrency
const PASSWORD_SIGN_INS = 24
const TOTP_SIGN_INS = 12
const ADMIN_TOKEN = 'bench-admin-token-0123456789'

interface Run {
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

/** Runs `count` operations, `CONCURRENCY` at a time; latency of each, throughput of all. */
async function measure(count: number, op: (i: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++
        const t = performance.now()
        await op(i)
        latencies.push(performance.now() - t)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    perSecond: Number((count / seconds).toFixed(2)),
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
  }
}

/** The URL of a PostgreSQL to use: the given one, or a throwaway cluster from .ci/with-postgres. */
async function postgresUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.GS2EZ_BENCH_DATABASE_URL ?? process.env.GS2EZ_TEST_DATABASE_URL
  if (given) return { url: given, stop: async () => {} }
  const script = fileURLToPath(new URL('../.ci/with-postgres', import.meta.url))
  // The cluster lives as long as `cat` waits on our stdin; closing it tears the cluster down.
  const child: ChildProcess = spawn(
    'bash',
    [script, 'sh', '-c', 'echo "$GS2EZ_TEST_DATABASE_URL"; exec cat >/dev/null'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) resolve(line)
    })
    child.once('exit', (code) => reject(new Error(`.ci/with-postgres exited (${code})`)))
  })
  return {
    url,
    stop: async () => {
      child.stdin?.end()
      await exited
    },
  }
}

async function signInRuns(
  store: { databaseUrl: string } | { dataDir: string },
  endpointTemplate: string,
  credentials: { clientId: string; clientSecret: string },
): Promise<{ password: Run; totp: Run }> {
  const server = await createGameServer({
    gs2: { ...credentials, endpointTemplate },
    adminToken: ADMIN_TOKEN,
    ...store,
    // Production cost; limits out of the way (the bench signs in correctly, many times).
    scrypt: DEFAULT_SCRYPT,
    limits: { loginMaxFailures: 1_000, ipMaxFailures: 100_000, registerMaxPerAddress: 100_000 },
  })
  const running = await server.listen(0)
  const token = async (form: Record<string, string>) => {
    const res = await fetch(`${running.url}/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    })
    const body = (await res.json()) as Record<string, unknown>
    if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${JSON.stringify(body)}`)
  }
  const register = async (body: Record<string, unknown>) => {
    const res = await fetch(`${running.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const json = (await res.json()) as { totp?: { secret: string } }
    if (res.status !== 201) throw new Error(`register: ${res.status}`)
    return json
  }
  const form = (username: string, password: string, extra: Record<string, string> = {}) => ({
    client_id: 'gs2ez-demo',
    grant_type: 'password',
    username,
    password,
    ...extra,
  })
  try {
    const suffix = Math.random().toString(36).slice(2, 8)
    await register({ username: `bench-${suffix}`, password: 'bench-password' })
    // One TOTP user per sign-in: a code is single-use per 30 s step and user.
    const secrets: string[] = []
    for (let i = 0; i < TOTP_SIGN_INS; i++) {
      const user = await register({
        username: `totp${i}-${suffix}`,
        password: 'bench-password',
        twoFactor: 'totp',
      })
      secrets.push(user.totp?.secret ?? '')
    }
    await token(form(`bench-${suffix}`, 'bench-password')) // warm-up
    const password = await measure(PASSWORD_SIGN_INS, () =>
      token(form(`bench-${suffix}`, 'bench-password')),
    )
    const totp = await measure(TOTP_SIGN_INS, async (i) => {
      const otp = totpCode(secrets[i] ?? '', Date.now())
      await token(
        form(`totp${i}-${suffix}`, 'bench-password', {
          additional_parameters: JSON.stringify({ otp }),
        }),
      )
    })
    return { password, totp }
  } finally {
    await server.close()
  }
}

export default defineBenchmark({
  title: 'Game server: sign-ins per second on PGlite and PostgreSQL',
  method:
    `The real game server over HTTP on 127.0.0.1 with the real emulator, scrypt at production ` +
    `cost (N=2^15, r=8, p=1), ${CONCURRENCY} clients at a time (the hash gate's width): ` +
    `${PASSWORD_SIGN_INS} password sign-ins, then ${TOTP_SIGN_INS} password + TOTP sign-ins (one ` +
    'request each), on PGlite in a data directory and on a throwaway PostgreSQL 15 ' +
    '(.ci/with-postgres). Baseline: scrypt alone through the same gate, the floor of every sign-in.',
  async run(): Promise<readonly Figure[]> {
    // The floor: the hash every sign-in pays, nothing else.
    const hasher = new PasswordHasher(DEFAULT_SCRYPT, defaultRandom, new WorkGate(CONCURRENCY, 64))
    const stored = await hasher.hash('bench-password')
    const floor = await measure(PASSWORD_SIGN_INS, async () => {
      await hasher.verify('bench-password', stored)
    })

    const emulator = await startEmulator({ port: 0 })
    const dataDir = await mkdtemp(join(tmpdir(), 'gs2ez-bench-pglite-'))
    const postgres = await postgresUrl()
    const runs: Array<[string, { password: Run; totp: Run }]> = []
    try {
      const credentials = emulator.credentials.trusted
      runs.push(['PGlite', await signInRuns({ dataDir }, emulator.endpointTemplate, credentials)])
      runs.push([
        'PostgreSQL',
        await signInRuns({ databaseUrl: postgres.url }, emulator.endpointTemplate, credentials),
      ])
    } finally {
      await postgres.stop()
      await emulator.close()
      await rm(dataDir, { recursive: true, force: true })
    }

    const figures: Figure[] = []
    for (const [store, { password, totp }] of runs) {
      for (const [kind, run] of [
        ['password', password],
        ['password + TOTP', totp],
      ] as const) {
        figures.push(
          {
            name: `Sign-ins/s, ${kind}, ${store}`,
            value: run.perSecond,
            unit: '/s',
            baseline: { name: 'scrypt alone', value: floor.perSecond },
            better: 'higher',
          },
          {
            name: `Sign-in p50, ${kind}, ${store}`,
            value: run.p50,
            unit: 'ms',
            baseline: { name: 'scrypt alone p50', value: floor.p50 },
            better: 'lower',
          },
          {
            name: `Sign-in p99, ${kind}, ${store}`,
            value: run.p99,
            unit: 'ms',
            baseline: { name: 'scrypt alone p99', value: floor.p99 },
            better: 'lower',
          },
        )
      }
    }
    return figures
  },
})
