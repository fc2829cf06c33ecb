// What a web game ships for the smallest real login with the REST clients (project token,
// GS2-Account authentication, GS2-Auth loginBySignature): gs2ez core+account+auth next to the
// official gs2 package doing the same steps, measured in the same run.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'
import { measureBundle } from './lib/bundleSize.ts'

const entries = join(dirname(fileURLToPath(import.meta.url)), 'entries')
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10

export default defineBenchmark({
  title: 'REST clients: bundle size of a minimal login (core + account + auth)',
  method:
    'esbuild --bundle --minify --format=esm --platform=browser (conditions @gs2ez/source), then ' +
    'gzip -9 via node:zlib (brotli q11 in the note). Entries bench/entries/clients-gs2ez.ts and ' +
    'clients-official.ts run the same steps. Every dependency is included on both sides (ky 1.14 + ' +
    'zod/mini for gs2ez; axios, tslib, uuid for gs2). No external was needed: gs2 1.4.21 bundles ' +
    "for the browser as is (axios's browser build), so no node built-in is stubbed or left out.",
  async run(): Promise<readonly Figure[]> {
    const ours = await measureBundle(join(entries, 'clients-gs2ez.ts'))
    const official = await measureBundle(join(entries, 'clients-official.ts'))
    // The same entry with ky and zod left out: what gs2ez's own code weighs.
    const ownCode = await measureBundle(join(entries, 'clients-gs2ez.ts'), {
      external: ['ky', 'zod', 'zod/mini'],
    })
    const note = [
      `gs2ez ${kb(ours.minBytes)} kB min / ${kb(ours.gzipBytes)} kB gz / ${kb(ours.brotliBytes)} kB br`,
      `gs2 1.4.21 ${kb(official.minBytes)} kB min / ${kb(official.gzipBytes)} kB gz / ${kb(official.brotliBytes)} kB br`,
      `ratio gz ${(ours.gzipBytes / official.gzipBytes).toFixed(3)}, br ${(ours.brotliBytes / official.brotliBytes).toFixed(3)}`,
      `gs2ez's own code without ky and zod: ${kb(ownCode.gzipBytes)} kB gz`,
    ].join('; ')
    return [
      {
        name: 'gs2ez clients login entry, gzip',
        value: ours.gzipBytes,
        unit: 'bytes',
        baseline: { name: 'official gs2 1.4.21 (core+account+auth)', value: official.gzipBytes },
        better: 'lower',
        target: { op: '<=', ratio: 0.3 },
        note,
      },
      {
        name: 'gs2ez clients login entry, brotli',
        value: ours.brotliBytes,
        unit: 'bytes',
        baseline: { name: 'official gs2 1.4.21 (core+account+auth)', value: official.brotliBytes },
        better: 'lower',
        note: 'informational; the target applies to gzip',
      },
    ]
  },
})
