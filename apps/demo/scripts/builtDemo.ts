import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, preview } from 'vite'

export interface BuiltDemo {
  /** Where the game is served, e.g. `http://127.0.0.1:41234/` (`pixi.html` sits next to it). */
  readonly url: string
  close(): Promise<void>
}

const demoRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * The production build of the demo, pointed at `emulatorUrl` and served on 127.0.0.1 with a
 * free port: what the end-to-end test and the README screenshots run against.
 */
export async function startBuiltDemo(options: {
  emulatorUrl: string
  heartbeatMs?: number
  /** The game server behind "Sign in with username"; the config's default when absent. */
  gameServerUrl?: string
  /** The emulator's admin token, for the game's revoke button (`RunningEmulator.adminToken`). */
  emulatorAdminToken?: string
}): Promise<BuiltDemo> {
  const outDir = await mkdtemp(join(tmpdir(), 'gs2ez-demo-build-'))
  try {
    await build({
      root: demoRoot,
      configFile: join(demoRoot, 'vite.config.ts'),
      logLevel: 'error',
      define: {
        'import.meta.env.VITE_GS2_EMULATOR_URL': JSON.stringify(options.emulatorUrl),
        ...(options.gameServerUrl === undefined
          ? {}
          : {
              'import.meta.env.VITE_GS2EZ_GAME_SERVER_URL': JSON.stringify(options.gameServerUrl),
            }),
        ...(options.emulatorAdminToken === undefined
          ? {}
          : {
              'import.meta.env.VITE_GS2EZ_EMULATOR_ADMIN_TOKEN': JSON.stringify(
                options.emulatorAdminToken,
              ),
            }),
        ...(options.heartbeatMs === undefined
          ? {}
          : {
              'import.meta.env.VITE_GS2_HEARTBEAT_MS': JSON.stringify(String(options.heartbeatMs)),
            }),
      },
      build: { outDir, emptyOutDir: true },
    })
    const server = await preview({
      root: demoRoot,
      configFile: false,
      logLevel: 'error',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    })
    const url = server.resolvedUrls?.local[0]
    if (!url) throw new Error('vite preview did not report a URL')
    return {
      url,
      close: async () => {
        await server.close()
        await rm(outDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(outDir, { recursive: true, force: true })
    throw error
  }
}
