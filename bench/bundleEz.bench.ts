// What a web game ships for a full login: gs2ez's Profile + device-account login + token
// stream, with every dependency, next to the smallest comparable entries of the official gs2
// package, Supabase auth-js and Firebase Auth, measured in the same run.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'
import { measureBreakdown, measureBundle } from './lib/bundleSize.ts'

const entries = join(dirname(fileURLToPath(import.meta.url)), 'entries')
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10

export default defineBenchmark({
  title: 'Ez: bundle size of a full Profile login',
  method:
    'esbuild --bundle --minify --format=esm --platform=browser, gzip -9, every dependency included ' +
    '(gs2: ws/zlib external, as in anchors.md §7). Entries in bench/entries/ez-*.ts. Baseline: the ' +
    'smallest of official gs2 (core+account+auth), Supabase auth-js and Firebase (initializeAuth, ' +
    'the smaller of its two entries).',
  async run(): Promise<readonly Figure[]> {
    const measure = measureBundle
    const ez = await measure(join(entries, 'ez-profile.ts'))
    const gs2 = await measure(join(entries, 'ez-compare-gs2.ts'), { external: ['ws', 'zlib'] })
    const supabase = await measure(join(entries, 'ez-compare-supabase.ts'))
    const firebase = await measure(join(entries, 'ez-compare-firebase.ts'))
    const firebaseGetAuth = await measure(join(entries, 'ez-compare-firebase-getauth.ts'))
    const breakdown = await measureBreakdown(join(entries, 'ez-profile.ts'), {
      ky: ['ky'],
      zod: ['zod', 'zod/*'],
      // rxjs's esm5 build brings tslib's helpers with it.
      'rxjs (+tslib)': ['rxjs', 'tslib'],
      'idb-keyval': ['idb-keyval'],
    })
    const comparators = [
      { name: 'official gs2 1.4.21', size: gs2 },
      { name: '@supabase/auth-js', size: supabase },
      { name: 'Firebase app+auth (initializeAuth)', size: firebase },
    ]
    const smallest = comparators.reduce((a, b) => (b.size.gzipBytes < a.size.gzipBytes ? b : a))
    const note = [
      `gs2ez ${kb(ez.minBytes)} kB min / ${kb(ez.brotliBytes)} kB brotli`,
      ...comparators.map((c) => `${c.name} ${kb(c.size.gzipBytes)} kB gz`),
      `Firebase getAuth ${kb(firebaseGetAuth.gzipBytes)} kB gz`,
      'target: <= 20 kB gz and below all three',
      `breakdown (gz, each = total minus the entry with it external): ${Object.entries(breakdown)
        .map(([name, bytes]) => `${name} ${kb(bytes)} kB`)
        .join(', ')}`,
    ].join('; ')
    return [
      {
        name: 'gs2ez Profile login entry, gzip',
        value: kb(ez.gzipBytes),
        unit: 'kB',
        baseline: { name: `${smallest.name} (smallest)`, value: kb(smallest.size.gzipBytes) },
        better: 'lower',
        target: { op: '<=', ratio: Math.min(1, 20 / kb(smallest.size.gzipBytes)) },
        note,
      },
      ...comparators.map(
        (c): Figure => ({
          name: `gs2ez vs ${c.name}, gzip`,
          value: kb(ez.gzipBytes),
          unit: 'kB',
          baseline: { name: c.name, value: kb(c.size.gzipBytes) },
          better: 'lower',
          target: { op: '<=', ratio: 1 },
        }),
      ),
    ]
  },
})
