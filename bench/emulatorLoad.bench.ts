// A bounded load run: 200 simulated players log in over and over against the emulator (in memory,
// in a child process that samples its own memory), counting every non-200 as an error.
import { Agent, request as httpRequest } from 'node:http'
import { pathToFileURL } from 'node:url'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'
import { startBenchChild } from './lib/emulatorChild.ts'
import { projectToken } from './lib/emulatorSetup.ts'

const PLAYERS = 200
const DURATION_S = Number(process.env.EMULATOR_LOAD_SECONDS ?? 30)
const MiB = 1024 * 1024

interface Reply {
  status: number
  text: string
}

const send = (
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0

const benchmark = defineBenchmark({
  title: 'Emulator under load (200 players, login loop)',
  method:
    `${PLAYERS} concurrent simulated players, each looping createAccount → authentication → ` +
    `loginBySignature → getServiceVersion (with its access token) for ${DURATION_S} s over keep-alive ` +
    'node:http. The emulator runs in memory in a child process that samples its own RSS and heap ' +
    'every 50 ms; the baseline is its idle footprint after start-up.',
  async run(): Promise<Figure[]> {
    const server = await startBenchChild('emulator')
    const agent = new Agent({ keepAlive: true, maxSockets: PLAYERS })
    try {
      const token = await projectToken(server.url)
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const idle = await server.stats()
      await server.resetPeaks()
      const deadline = performance.now() + DURATION_S * 1000
      let requests = 0
      let flows = 0
      let errors = 0
      const samples: string[] = []
      const latencies: number[] = []
      const call = async (
        method: string,
        path: string,
        extra: Record<string, string> = {},
        body?: string,
      ) => {
        const started = performance.now()
        requests++
        try {
          const reply = await send(
            agent,
            `${server.url}${path}`,
            method,
            { ...headers, ...extra },
            body,
          )
          latencies.push(performance.now() - started)
          if (reply.status !== 200)
            throw new Error(`${method} ${path}: ${reply.status} ${reply.text.slice(0, 200)}`)
          return JSON.parse(reply.text) as Record<string, unknown>
        } catch (error) {
          errors++
          if (samples.length < 5) samples.push(String(error))
          return undefined
        }
      }
      const player = async () => {
        while (performance.now() < deadline) {
          const created = (
            await call('POST', '/account/default/account', {}, '{"contextStack":null}')
          )?.item as { userId: string; password: string } | undefined
          if (!created) continue
          const auth = await call(
            'PUT',
            `/account/default/account/${created.userId}`,
            {},
            JSON.stringify({ contextStack: null, keyId: null, password: created.password }),
          )
          if (!auth) continue
          const login = await call(
            'POST',
            '/auth/login/signed',
            {},
            JSON.stringify({ keyId: null, body: auth.body, signature: auth.signature }),
          )
          if (!login) continue
          if (
            await call('GET', '/auth/system/version', { 'x-gs2-access-token': String(login.token) })
          )
            flows++
        }
      }
      const started = performance.now()
      await Promise.all(Array.from({ length: PLAYERS }, player))
      const seconds = (performance.now() - started) / 1000
      const peak = await server.stats()
      latencies.sort((a, b) => a - b)
      const summary =
        `${requests} requests (${Math.round(requests / seconds)} req/s), ${flows} complete logins ` +
        `(${Math.round(flows / seconds)}/s), latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 0.99).toFixed(1)} ms` +
        (samples.length > 0 ? `; first errors: ${samples.join(' | ')}` : '')
      return [
        {
          name: 'errors',
          value: errors,
          unit: 'requests',
          baseline: { name: 'requests sent', value: requests },
          better: 'lower',
          target: { op: '<=', ratio: 0 },
          note: summary,
        },
        {
          name: 'emulator peak RSS',
          value: Math.round((peak.peakRss / MiB) * 10) / 10,
          unit: 'MiB',
          baseline: {
            name: 'idle RSS after start-up',
            value: Math.round((idle.rss / MiB) * 10) / 10,
          },
          better: 'lower',
          note: `${flows} accounts and as many access tokens were created during the run and stay in memory`,
        },
        {
          name: 'emulator peak heap used',
          value: Math.round((peak.peakHeapUsed / MiB) * 10) / 10,
          unit: 'MiB',
          baseline: {
            name: 'idle heap after start-up',
            value: Math.round((idle.heapUsed / MiB) * 10) / 10,
          },
          better: 'lower',
        },
      ]
    } finally {
      agent.destroy()
      await server.stop()
    }
  },
})

export default benchmark

// `tsx --conditions=@gs2ez/source bench/emulatorLoad.bench.ts` prints the figures alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatFigure } = await import('./lib/report.ts')
  for (const f of await benchmark.run())
    process.stdout.write(`${formatFigure(f)}\n    ${f.note ?? ''}\n`)
}
