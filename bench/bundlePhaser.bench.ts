// What @gs2ez/phaser adds to a game that already ships @gs2ez/ez: the same Profile login entry
// bundled with and without the plugin, in the same run. Phaser is external (the game has it).
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'
import { measureBundle } from './lib/bundleSize.ts'

const entries = join(dirname(fileURLToPath(import.meta.url)), 'entries')
const LIMIT_BYTES = 1024

export default defineBenchmark({
  title: 'Phaser plugin: bytes added over @gs2ez/ez',
  method:
    'esbuild --bundle --minify --format=esm --platform=browser, gzip -9, phaser external. ' +
    'bench/entries/phaser-plugin.ts is bench/entries/ez-profile.ts plus gs2ezPlugin(); the ' +
    'baseline is ez-profile.ts alone.',
  async run(): Promise<readonly Figure[]> {
    const external = ['phaser']
    const ez = await measureBundle(join(entries, 'ez-profile.ts'), { external })
    const withPlugin = await measureBundle(join(entries, 'phaser-plugin.ts'), { external })
    const added = withPlugin.gzipBytes - ez.gzipBytes
    return [
      {
        name: 'Profile login + Phaser plugin, gzip',
        value: withPlugin.gzipBytes,
        unit: 'B',
        baseline: { name: 'Profile login alone', value: ez.gzipBytes },
        better: 'lower',
        // At most 1 KB gzip on top of @gs2ez/ez.
        target: { op: '<=', ratio: (ez.gzipBytes + LIMIT_BYTES) / ez.gzipBytes },
        note: `plugin adds ${added} B gzip (${withPlugin.minBytes - ez.minBytes} B minified); limit ${LIMIT_BYTES} B`,
      },
    ]
  },
})
