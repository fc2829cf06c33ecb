/**
 * `pnpm start` from the repo root: the GS2 emulator, the gs2ez game server ("Sign in with
 * username") and the game's dev server together. The emulator keeps its state in
 * apps/demo/.emulator and the game server in apps/demo/.emulator/game-server, so a player's
 * device account, registered usernames (and the tokens the dashboard lists) survive a restart,
 * as they would on real GS2.
 */
import { fileURLToPath } from 'node:url'
import { startEmulator } from '@gs2ez/emulator'
import { createServer } from 'vite'
import { startGameServerProcess } from './gameServerProcess.ts'

const demoRoot = fileURLToPath(new URL('..', import.meta.url))
const emulatorPort = Number(process.env.GS2EZ_EMULATOR_PORT ?? 4000)
const gamePort = Number(process.env.GS2EZ_DEMO_PORT ?? 5173)
const gameServerPort = Number(process.env.GS2EZ_GAME_SERVER_PORT ?? 4100)

const emulator = await startEmulator({
  port: emulatorPort,
  tokenTtlSeconds: 120,
  dataDir: fileURLToPath(new URL('../.emulator', import.meta.url)),
  // A transfer code used elsewhere changes the password, so the old browser is told its player
  // moved (the dashboard's takeover section turns it off again).
  config: { changePasswordIfTakeOver: [process.env.VITE_GS2_NAMESPACE || 'default'] },
})

let stopping = false

// A child process: apps never import each other, and it is the CLI a developer runs by hand.
const gameServer = await startGameServerProcess({
  port: gameServerPort,
  gs2Endpoint: emulator.endpointTemplate,
  dataDir: fileURLToPath(new URL('../.emulator/game-server', import.meta.url)),
}).catch(async (error: unknown) => {
  await emulator.close()
  throw error
})
// Its exit is not ours to hide: a crashed game server leaves username sign-in dead.
gameServer.child.once('exit', (code, signal) => {
  if (!stopping)
    console.error(`\n  game server exited (${signal ?? code}); username sign-in is down`)
})

// Vite inlines VITE_* variables from the environment into the game.
process.env.VITE_GS2_EMULATOR_URL = emulator.url
process.env.VITE_GS2EZ_GAME_SERVER_URL = gameServer.url
// The game's revoke button calls the emulator's admin API, which needs this run's token.
process.env.VITE_GS2EZ_EMULATOR_ADMIN_TOKEN = emulator.adminToken
const vite = await createServer({
  root: demoRoot,
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  server: { host: '127.0.0.1', port: gamePort, strictPort: false },
  // The URLs below are what this prints; Vite's own info lines (dependency scans) would
  // interleave with them. Warnings and errors still show.
  logLevel: 'warn',
})
await vite.listen()
const gameUrl = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${gamePort}/`

console.log(`
  Star Sweeper (gs2ez demo)

  Game        ${gameUrl}
  PixiJS      ${new URL('pixi.html', gameUrl).href}
  Dashboard   ${emulator.dashboardUrl}
  Admin token ${emulator.adminToken}  (x-gs2ez-admin-token on /__emulator/...)
  Emulator    ${emulator.url}  (tokens live 120 s)
  Game server ${gameServer.url}  (Sign in with username)
  Dev outbox  ${gameServer.url}/dev/outbox?to=<email>  (emailed sign-in codes)

  Ctrl-C stops all three.
`)

const stop = async (reason: string) => {
  if (stopping) return
  stopping = true
  console.log(`\n${reason}: stopping the dev server, the game server and the emulator…`)
  // The game server first: it talks to the emulator until it is gone.
  const results = [
    ...(await Promise.allSettled([vite.close(), gameServer.close()])),
    ...(await Promise.allSettled([emulator.close()])),
  ]
  const failed = results.filter((result) => result.status === 'rejected')
  for (const failure of failed) console.error(failure.reason)
  process.exit(failed.length === 0 ? 0 : 1)
}
// Ctrl-C reaches pnpm too. The root script `exec`s node, so no shell sits between pnpm and
// this process to die of the signal: pnpm sees our exit code, 0, and prints no ELIFECYCLE.
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
