#!/usr/bin/env node
// The installed command. It lives outside dist/ so that pnpm can link it on a fresh clone,
// before any build (a bin pointing into dist/ made every workspace install warn).
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli.js', import.meta.url)
if (existsSync(cli)) {
  await import(cli.href)
} else {
  process.stderr.write(
    'gs2ez-emulator: dist/cli.js is missing. In the gs2ez repository, run\n' +
      '  pnpm --filter @gs2ez/emulator dev -- [options]   (from the sources), or\n' +
      '  pnpm --filter @gs2ez/emulator build              (then run this again)\n',
  )
  process.exit(1)
}
