/**
 * `pnpm start` from the repo root: the GS2 emulator and the game's dev server together.
 * The emulator keeps its state in apps/demo/.emulator, so a player's device account (and the
 * tokens the dashboard lists) survive a restart, as they would on real GS2.
 */
import { fileURLToPath } from 'node:url'
import { startEmulator } from '@gs2ez/emulator'
import { createServer } from 'vite'

const demoRoot = fileURLToPath(new URL('..', import.meta.url))
const emulatorPort = Number(process.env.GS2EZ_EMULATOR_PORT ?? 4000)
const gamePort = Number(process.env.GS2EZ_DEMO_PORT ?? 5173)

const emulator = await startEmulator({
  port: emulatorPort,
  tokenTtlSeconds: 120,
  dataDir: fileURLToPath(new URL('../.emulator', import.meta.url)),
})

// Vite inlines VITE_* variables from the environment into the game.
process.env.VITE_GS2_EMULATOR_URL = emulator.url
const vite = await createServer({
  root: demoRoot,
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  server: { host: '127.0.0.1', port: gamePort, strictPort: false },
})
await vite.listen()
const gameUrl = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${gamePort}/`

console.log(`
  Star Sweeper (gs2ez demo)

  Game        ${gameUrl}
  PixiJS      ${new URL('pixi.html', gameUrl).href}
  Dashboard   ${emulator.url}/__emulator/ui
  Emulator    ${emulator.url}  (tokens live 120 s)

  Ctrl-C stops both.
`)

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`\n${signal}: stopping the dev server and the emulator…`)
  const results = await Promise.allSettled([vite.close(), emulator.close()])
  const failed = results.filter((result) => result.status === 'rejected')
  for (const failure of failed) console.error(failure.reason)
  process.exit(failed.length === 0 ? 0 : 1)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
