// A player's very first login, end to end: project token, createAccount, authentication,
// loginBySignature. gs2ez's `profile.login(new Gs2AccountAuthenticator())` against the official
// gs2 package making the same four calls, interleaved in one run against one emulator.
import { loadavg } from 'node:os'
import { createMemoryStore, Gs2AccountAuthenticator, Profile } from '../packages/ez/src/index.ts'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'
import { startBenchChild } from './lib/emulatorChild.ts'

const RUNS = 30
const WARMUP = 3
const CLIENT_ID = 'gs2ez-demo-app'
const CLIENT_SECRET = 'gs2ez-demo-app-secret'
// The emulator fills in {region} and {ownerId}, as real GS2 does.
const KEY_ID = 'grn:gs2:{region}:{ownerId}:key:default:key:default'

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const round = (ms: number) => Math.round(ms * 100) / 100

const gs2ezLogin = async (endpointTemplate: string) => {
  const profile = new Profile({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    endpointTemplate,
    // A first run: nothing stored, no browser environment (Node).
    store: createMemoryStore(),
    environment: null,
  })
  const session = await profile.login(new Gs2AccountAuthenticator())
  const token = session.accessToken
  await profile.dispose()
  if (!token) throw new Error('gs2ez login produced no token')
}

interface Official {
  useEndpoint(endpointTemplate: string): () => void
  officialLogin(clientId: string, clientSecret: string, keyId: string): Promise<string>
}

// A computed specifier keeps tsc out of the gs2 package's own .ts sources (see officialLogin.ts).
const loadOfficial = () =>
  import(new URL('./lib/officialLogin.ts', import.meta.url).href) as Promise<Official>

export default defineBenchmark({
  title: 'Ez: cold login wall time (first run, four GS2 calls)',
  method:
    `The emulator in a child process on 127.0.0.1. Each run is a first run: gs2ez ` +
    '`profile.login(new Gs2AccountAuthenticator())` on a fresh Profile with an empty store, and ' +
    'the official gs2 1.4.21 client making the same four calls (project token, createAccount, ' +
    `authentication, loginBySignature), alternating which goes first; ${WARMUP} warm-up pairs, ` +
    `then the median of ${RUNS} runs each.`,
  async run(): Promise<readonly Figure[]> {
    const official = await loadOfficial()
    const child = await startBenchChild('emulator')
    const endpointTemplate = `${child.url}/{service}`
    const restoreEndpoint = official.useEndpoint(endpointTemplate)
    try {
      const ez: number[] = []
      const officialMs: number[] = []
      const time = async (fn: () => Promise<void>, into: number[] | undefined) => {
        const started = performance.now()
        await fn()
        into?.push(performance.now() - started)
      }
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const keep = i >= WARMUP
        const pair = [
          () => time(() => gs2ezLogin(endpointTemplate), keep ? ez : undefined),
          () =>
            time(
              async () => {
                if (!(await official.officialLogin(CLIENT_ID, CLIENT_SECRET, KEY_ID))) {
                  throw new Error('official login produced no token')
                }
              },
              keep ? officialMs : undefined,
            ),
        ]
        if (i % 2) pair.reverse()
        for (const run of pair) await run()
      }
      const ezMedian = round(median(ez))
      const officialMedian = round(median(officialMs))
      return [
        {
          name: 'gs2ez first-run login, median wall time',
          value: ezMedian,
          unit: 'ms',
          baseline: { name: 'official gs2 1.4.21, same four calls', value: officialMedian },
          better: 'lower',
          target: { op: '<=', ratio: 1.1 },
          note: `min ${round(Math.min(...ez))} / ${round(Math.min(...officialMs))} ms, max ${round(Math.max(...ez))} / ${round(Math.max(...officialMs))} ms (gs2ez / official); load average ${loadavg()[0]?.toFixed(1)} on this machine during the run`,
        },
      ]
    } finally {
      restoreEndpoint()
      await child.stop()
    }
  },
})
