// Page load to a usable access token on a returning player's visit, in real Chromium: gs2ez's
// Profile reading its IndexedDB cache, next to a page that only opens IndexedDB and reads one
// key (the floor), same browser, same run.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { startEmulator } from '../packages/emulator/src/index.ts'
import { launchChromium } from '../packages/test-utils/src/index.ts'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'

const RUNS = 20
const entries = join(dirname(fileURLToPath(import.meta.url)), 'entries')

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const round = (ms: number) => Math.round(ms * 10) / 10

// Minified like a game's production build (the test page server does not minify).
const bundle = async (entry: string) => {
  const result = await build({
    entryPoints: [join(entries, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@gs2ez/source'],
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

const servePages = async (scripts: Record<string, string>) => {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const name = path.replace(/^\/|\.(html|js)$/g, '')
    const script = scripts[name]
    if (script === undefined) res.writeHead(404).end()
    else if (path.endsWith('.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><meta charset="utf-8"><script type="module" src="/${name}.js"></script>`,
        )
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export default defineBenchmark({
  title: 'Ez: warm start in real Chromium (page load to a cached access token)',
  method:
    'Headless Chromium (playwright-core), one persistent profile. The gs2ez page runs ' +
    '`profile.login(new Gs2AccountAuthenticator())` then `getAccessToken()`; its first visit logs ' +
    'in against the emulator, every later load must be served from the IndexedDB cache. The floor ' +
    'page opens IndexedDB and reads one key with the raw API. Both minified; value = ' +
    'performance.now() when the token (or key) is in hand; loads interleaved, median of ' +
    `${RUNS} each.`,
  async run(): Promise<readonly Figure[]> {
    const emulator = await startEmulator({ port: 0 })
    const pages = await servePages({
      ez: await bundle('warm-ez.ts'),
      floor: await bundle('warm-floor.ts'),
    })
    const browser = await launchChromium()
    try {
      const page = await browser.context.newPage()
      let emulatorRequests = 0
      page.on('request', (request) => {
        if (request.url().startsWith(emulator.url)) emulatorRequests++
      })
      const load = async (name: string) => {
        const query =
          name === 'ez' ? `?endpoint=${encodeURIComponent(emulator.endpointTemplate)}` : ''
        await page.goto(`${pages.url}/${name}.html${query}`)
        const result = await page.waitForFunction(
          () => (globalThis as { __result?: { ms: number } }).__result,
        )
        return ((await result.jsonValue()) as { ms: number }).ms
      }
      // First visits: the login and the floor's key are written.
      await load('ez')
      await load('floor')
      const afterFirst = emulatorRequests
      const ez: number[] = []
      const floor: number[] = []
      for (let i = 0; i < RUNS; i++) {
        ez.push(await load('ez'))
        floor.push(await load('floor'))
      }
      const warmRequests = emulatorRequests - afterFirst
      return [
        {
          name: 'gs2ez warm start, page load to getAccessToken()',
          value: round(median(ez)),
          unit: 'ms',
          baseline: { name: 'floor: open IndexedDB, read one key', value: round(median(floor)) },
          better: 'lower',
          note:
            `requests to GS2 during the ${RUNS} warm loads: ${warmRequests} (the cache answered); ` +
            `min ${round(Math.min(...ez))} / ${round(Math.min(...floor))} ms (gs2ez / floor)`,
        },
      ]
    } finally {
      await browser.close()
      await pages.close()
      await emulator.close()
    }
  },
})
