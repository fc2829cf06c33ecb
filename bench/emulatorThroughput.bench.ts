// Requests per second the emulator serves on loopback, next to a bare node:http server that
// answers a fixed JSON body, both in a child process and loaded by autocannon from this one; for
// the login APIs also a floor (bench/lib/floorServer.ts) showing what is left to gain.
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

interface Side {
  server: BenchChild
  target: Target
}

/**
 * One second of warm-up each (JIT, keep-alive sockets), then RUNS rounds of a bare run followed
 * by a run of each side (the emulator, and for the login APIs the floor): each API is compared
 * with bare runs made moments apart, so load from other work on the machine hits all alike, and
 * the medians keep one disturbed run from deciding a figure.
 */
const interleaved = async (
  bare: BenchChild,
  sides: Side[],
): Promise<{ bare: Measured; sides: Measured[] }> => {
  const bareTarget: Target = { url: `${bare.url}/system/version` }
  await cannon({ ...bareTarget, connections: CONNECTIONS, duration: 1 })
  for (const side of sides) await cannon({ ...side.target, connections: CONNECTIONS, duration: 1 })
  const bareRuns = []
  const sideRuns = sides.map(() => [] as { rps: number; cpuUs: number }[])
  for (let round = 0; round < RUNS; round++) {
    bareRuns.push(await run(bare, bareTarget))
    for (const [i, side] of sides.entries()) sideRuns[i]?.push(await run(side.server, side.target))
  }
  return { bare: summary(bareRuns), sides: sideRuns.map(summary) }
}

/** Players, and signed bodies for loginBySignature, made through the server's setup URL. */
const prepare = async (server: BenchChild) => {
  const token = await projectToken(server.setupUrl)
  const players = await createPlayers(server.setupUrl, token, 200)
  const bodies = await signedBodies(server.setupUrl, token, players, 10)
  return { token, players, bodies }
}

/** The load for each API against `url`, cycling through the prepared players and bodies. */
const targets = (url: string, { token, players, bodies }: Awaited<ReturnType<typeof prepare>>) => {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  let p = 0
  let b = 0
  return {
    getServiceVersion: { url: `${url}/auth/system/version`, headers: auth },
    authentication: {
      url,
      headers: auth,
      requests: [
        {
          method: 'PUT',
          setupRequest: (request) => {
            const player = players[p++ % players.length]!
            return {
              ...request,
              path: `/account/default/account/${player.userId}`,
              body: JSON.stringify({ contextStack: null, keyId: null, password: player.password }),
            }
          },
        },
      ],
    },
    loginBySignature: {
      url,
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
  } satisfies Record<string, Target>
}

const cpuNote = (side: Measured, bare: Measured) =>
  `server CPU ${side.cpuUsPerRequest} µs/request vs bare ${bare.cpuUsPerRequest} µs ` +
  `(CPU ratio ${(bare.cpuUsPerRequest / side.cpuUsPerRequest).toFixed(3)})`

const FLOOR = 'floor: raw node:http doing the same work'

const benchmark = defineBenchmark({
  title: 'Emulator throughput (loopback)',
  method:
    `autocannon, ${CONNECTIONS} connections; the emulator (in memory) and a bare node:http server ` +
    'answering a fixed JSON body each run in a child process. For authentication and ' +
    'loginBySignature a third child, the floor, serves just those two APIs on plain node:http ' +
    "with the emulator's own code (wire coercion and shared schema, project-token check, " +
    'password hash, key ring, state commit, token issue) on the state of a createEmulator() it ' +
    'shares with that emulator, but without the HTTP framework, middleware, CORS, request log ' +
    'or host routing: near the most any server doing that work could serve, so its figures ' +
    `are informational. Per API, 1 s of warm-up each, then ${RUNS} rounds of a ${DURATION_S} s ` +
    `bare run followed by a ${DURATION_S} s emulator run (and a ${DURATION_S} s floor run); ` +
    'req/s and server CPU µs/request are the medians of those runs, and each API is compared ' +
    'with its own interleaved bare runs.',
  async run(): Promise<Figure[]> {
    const bare = await startBenchChild('bare')
    const emulator = await startBenchChild('emulator')
    const floor = await startBenchChild('floor')
    const figures: Figure[] = []
    try {
      const onEmulator = targets(emulator.url, await prepare(emulator))
      const onFloor = targets(floor.url, await prepare(floor))
      const apis: [keyof typeof onEmulator, number, Target | undefined][] = [
        ['getServiceVersion', 0.6, undefined],
        ['authentication', 0.35, onFloor.authentication],
        ['loginBySignature', 0.35, onFloor.loginBySignature],
      ]
      for (const [name, ratio, floorTarget] of apis) {
        const sides: Side[] = [{ server: emulator, target: onEmulator[name] }]
        if (floorTarget) sides.push({ server: floor, target: floorTarget })
        const m = await interleaved(bare, sides)
        const [e, f] = m.sides as [Measured, Measured | undefined]
        const baseline = { name: 'bare node:http, fixed JSON', value: m.bare.rps }
        figures.push({
          name,
          value: e.rps,
          unit: 'req/s',
          baseline,
          better: 'higher',
          target: { op: '>=', ratio },
          note:
            cpuNote(e, m.bare) +
            (f
              ? `; floor ${f.rps.toLocaleString('en-US')} req/s (ratio ${(f.rps / m.bare.rps).toFixed(3)}), ` +
                `the emulator serves ${(e.rps / f.rps).toFixed(3)} of it`
              : ''),
        })
        if (f) {
          figures.push({
            name: `${name}, ${FLOOR}`,
            value: f.rps,
            unit: 'req/s',
            baseline,
            better: 'higher',
            note: cpuNote(f, m.bare),
          })
        }
      }
    } finally {
      await floor.stop()
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
