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
  /** Server CPU per request, µs: steadier than rps when other work shares the machine. */
  cpuUsPerRequest: number
}

type Target = Omit<AutocannonOptions, 'connections' | 'duration'>

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

const run = async (server: BenchChild, target: Target) => {
  const cpuBefore = (await server.stats()).cpuUs
  const result = await cannon({ ...target, connections: CONNECTIONS, duration: DURATION_S })
  const cpu = (await server.stats()).cpuUs - cpuBefore
  return { rps: result.requests.average, cpuUs: cpu / result.requests.total }
}

const summary = (runs: { rps: number; cpuUs: number }[]): Measured => ({
  rps: Math.round(median(runs.map((r) => r.rps))),
  cpuUsPerRequest: Math.round(median(runs.map((r) => r.cpuUs)) * 10) / 10,
})

/**
 * One second of warm-up each (JIT, keep-alive sockets), then RUNS rounds of a bare run followed
 * by an emulator run: each API is compared with bare runs made moments apart, so load from other
 * work on the machine hits both sides alike, and the medians keep one disturbed run from
 * deciding a figure.
 */
const interleaved = async (
  bare: BenchChild,
  emulator: BenchChild,
  target: Target,
): Promise<{ bare: Measured; emulator: Measured }> => {
  const bareTarget: Target = { url: `${bare.url}/system/version` }
  await cannon({ ...bareTarget, connections: CONNECTIONS, duration: 1 })
  await cannon({ ...target, connections: CONNECTIONS, duration: 1 })
  const bareRuns = []
  const emulatorRuns = []
  for (let round = 0; round < RUNS; round++) {
    bareRuns.push(await run(bare, bareTarget))
    emulatorRuns.push(await run(emulator, target))
  }
  return { bare: summary(bareRuns), emulator: summary(emulatorRuns) }
}

const benchmark = defineBenchmark({
  title: 'Emulator throughput (loopback)',
  method:
    `autocannon, ${CONNECTIONS} connections; the emulator (in memory) and a bare node:http server ` +
    'answering a fixed JSON body each run in a child process. Per API, 1 s of warm-up each, then ' +
    `${RUNS} rounds of a ${DURATION_S} s bare run followed by a ${DURATION_S} s emulator run; ` +
    'req/s and server CPU µs/request are the medians of those runs, and each API is compared with ' +
    'its own interleaved bare runs.',
  async run(): Promise<Figure[]> {
    const bare = await startBenchChild('bare')
    const emulator = await startBenchChild('emulator')
    const figures: Figure[] = []
    try {
      const token = await projectToken(emulator.url)
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const players = await createPlayers(emulator.url, token, 200)
      const bodies = await signedBodies(emulator.url, token, players, 10)

      let p = 0
      let b = 0
      const apis: [string, number, Target][] = [
        ['getServiceVersion', 0.6, { url: `${emulator.url}/auth/system/version`, headers: auth }],
        [
          'authentication',
          0.35,
          {
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
          },
        ],
        [
          'loginBySignature',
          0.35,
          {
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
          },
        ],
      ]
      for (const [name, ratio, target] of apis) {
        const m = await interleaved(bare, emulator, target)
        figures.push({
          name,
          value: m.emulator.rps,
          unit: 'req/s',
          baseline: { name: 'bare node:http, fixed JSON', value: m.bare.rps },
          better: 'higher',
          target: { op: '>=', ratio },
          note:
            `server CPU ${m.emulator.cpuUsPerRequest} µs/request vs bare ${m.bare.cpuUsPerRequest} µs ` +
            `(CPU ratio ${(m.bare.cpuUsPerRequest / m.emulator.cpuUsPerRequest).toFixed(3)})`,
        })
      }
    } finally {
      await emulator.stop()
      await bare.stop()
    }
    return figures
  },
})

export default benchmark

// `tsx --conditions=@gs2ez/source bench/emulatorThroughput.bench.ts` prints the figures alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatFigure } = await import('./lib/report.ts')
  for (const f of await benchmark.run())
    process.stdout.write(`${formatFigure(f)}\n    ${f.note ?? ''}\n`)
}
