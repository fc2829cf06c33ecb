// Requests per second the emulator serves on loopback, next to a bare node:http server that
// answers a fixed JSON body, both in a child process and loaded by autocannon from this one.
import { pathToFileURL } from 'node:url'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'
import { type AutocannonOptions, cannon } from './lib/emulatorAutocannon.ts'
import { type BenchChild, startBenchChild } from './lib/emulatorChild.ts'
import { createPlayers, projectToken, signedBodies } from './lib/emulatorSetup.ts'

const DURATION_S = Number(process.env.EMULATOR_BENCH_SECONDS ?? 3)
const RUNS = 3
// Enough to keep a 2-core server busy without the load generator (same machine) starving it.
const CONNECTIONS = Number(process.env.EMULATOR_BENCH_CONNECTIONS ?? 16)

export interface Measured {
  rps: number
  /** Server CPU per request, µs: independent of how busy the machine is, unlike rps. */
  cpuUsPerRequest: number
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/**
 * One second of warm-up (JIT, keep-alive sockets), then RUNS short runs; each figure is the
 * median of its runs, so one run disturbed by another process on the machine does not decide it.
 */
const measure = async (
  server: BenchChild,
  options: Omit<AutocannonOptions, 'connections' | 'duration'>,
): Promise<Measured> => {
  await cannon({ ...options, connections: CONNECTIONS, duration: 1 })
  const rps: number[] = []
  const cpuUs: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const cpuBefore = (await server.stats()).cpuUs
    const result = await cannon({ ...options, connections: CONNECTIONS, duration: DURATION_S })
    const cpu = (await server.stats()).cpuUs - cpuBefore
    rps.push(result.requests.average)
    cpuUs.push(cpu / result.requests.total)
  }
  return {
    rps: Math.round(median(rps)),
    cpuUsPerRequest: Math.round(median(cpuUs) * 10) / 10,
  }
}

const bareRun = async (): Promise<Measured> => {
  const bare = await startBenchChild('bare')
  try {
    return await measure(bare, { url: `${bare.url}/system/version` })
  } finally {
    await bare.stop()
  }
}

const benchmark = defineBenchmark({
  title: 'Emulator throughput (loopback)',
  method:
    `autocannon, ${CONNECTIONS} connections; per API 1 s of warm-up, then the median of ${RUNS} runs of ` +
    `${DURATION_S} s (req/s and server CPU µs/request each); the emulator ` +
    '(in memory) and a bare node:http server answering a fixed JSON body each run in a child process. ' +
    'The baseline is the mean of a bare run before and after the emulator runs.',
  async run(): Promise<Figure[]> {
    const before = await bareRun()
    const emulator = await startBenchChild('emulator')
    let version: Measured
    let authentication: Measured
    let loginBySignature: Measured
    try {
      const token = await projectToken(emulator.url)
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const players = await createPlayers(emulator.url, token, 200)
      const bodies = await signedBodies(emulator.url, token, players, 10)

      version = await measure(emulator, {
        url: `${emulator.url}/auth/system/version`,
        headers: auth,
      })

      let p = 0
      authentication = await measure(emulator, {
        url: emulator.url,
        headers: auth,
        requests: [
          {
            method: 'PUT',
            setupRequest: (request) => {
              const player = players[p++ % players.length]!
              return {
                ...request,
                path: `/account/default/account/${player.userId}`,
                body: JSON.stringify({
                  contextStack: null,
                  keyId: null,
                  password: player.password,
                }),
              }
            },
          },
        ],
      })

      let b = 0
      loginBySignature = await measure(emulator, {
        url: emulator.url,
        headers: auth,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              path: '/auth/login/signed',
              body: bodies[b++ % bodies.length]!,
            }),
          },
        ],
      })
    } finally {
      await emulator.stop()
    }
    const after = await bareRun()
    const baseline = {
      name: 'bare node:http, fixed JSON',
      value: Math.round((before.rps + after.rps) / 2),
    }
    const bareCpu = Math.round(((before.cpuUsPerRequest + after.cpuUsPerRequest) / 2) * 10) / 10
    const figure = (name: string, m: Measured, ratio: number): Figure => ({
      name,
      value: m.rps,
      unit: 'req/s',
      baseline,
      better: 'higher',
      target: { op: '>=', ratio },
      note:
        `server CPU ${m.cpuUsPerRequest} µs/request vs bare ${bareCpu} µs (CPU ratio ${(bareCpu / m.cpuUsPerRequest).toFixed(3)}); ` +
        `bare runs ${before.rps} and ${after.rps} req/s`,
    })
    return [
      figure('getServiceVersion', version, 0.6),
      figure('authentication', authentication, 0.35),
      figure('loginBySignature', loginBySignature, 0.35),
    ]
  },
})

export default benchmark

// `tsx --conditions=@gs2ez/source bench/emulatorThroughput.bench.ts` prints the figures alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatFigure } = await import('./lib/report.ts')
  for (const f of await benchmark.run())
    process.stdout.write(`${formatFigure(f)}\n    ${f.note ?? ''}\n`)
}
