/** Everything the demo needs to know about where GS2 lives. */
export interface DemoConfig {
  /** Base URL of the local emulator; its services sit under `/{service}`. */
  readonly emulatorUrl: string
  /** `{service}` is replaced by the SDK, e.g. `http://127.0.0.1:4000/auth`. */
  readonly endpointTemplate: string
  readonly clientId: string
  readonly clientSecret: string
  readonly namespaceName: string
  /**
   * How often the game makes a real call with the player's token. GS2 only tells a client
   * that its token was revoked when the client uses it, so a game that never calls the
   * server would never notice.
   */
  readonly heartbeatMs: number
  /** The gs2ez game server behind "Sign in with username" (OAuth password grant, 2FA). */
  readonly gameServerUrl: string
  /** The OAuth client id the game server knows this game by. */
  readonly oauthClientId: string
  /**
   * The emulator's admin token (`x-gs2ez-admin-token`), for the revoke button: `pnpm start`
   * passes it in. Without it the emulator refuses the revoke.
   */
  readonly emulatorAdminToken: string | undefined
  /**
   * The dev game server's admin token, to read the mail it keeps in its dev outbox instead of
   * sending it. Defaults to the public development token, which the game server accepts only on
   * loopback.
   */
  readonly gameServerAdminToken: string
}

export interface DemoEnv {
  readonly VITE_GS2_EMULATOR_URL?: string
  readonly VITE_GS2_CLIENT_ID?: string
  readonly VITE_GS2_CLIENT_SECRET?: string
  readonly VITE_GS2_NAMESPACE?: string
  readonly VITE_GS2_HEARTBEAT_MS?: string
  readonly VITE_GS2EZ_GAME_SERVER_URL?: string
  readonly VITE_GS2EZ_OAUTH_CLIENT_ID?: string
  readonly VITE_GS2EZ_EMULATOR_ADMIN_TOKEN?: string
  readonly VITE_GS2EZ_GAME_SERVER_ADMIN_TOKEN?: string
}

/** The emulator's built-in application credential: fine in a demo, never in a real game. */
export const DEMO_CLIENT_ID = 'gs2ez-demo-app'
export const DEMO_CLIENT_SECRET = 'gs2ez-demo-app-secret'
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:4000'
export const DEFAULT_GAME_SERVER_URL = 'http://127.0.0.1:4100'
/** The game server's built-in OAuth client id. */
export const DEMO_OAUTH_CLIENT_ID = 'gs2ez-demo'
/** The game server's public development admin token (refused unless it binds to loopback). */
export const DEV_GAME_SERVER_ADMIN_TOKEN = 'gs2ez-dev-admin-token'

export function readDemoConfig(env: DemoEnv): DemoConfig {
  const emulatorUrl = (env.VITE_GS2_EMULATOR_URL || DEFAULT_EMULATOR_URL).replace(/\/+$/, '')
  const heartbeatMs = Number(env.VITE_GS2_HEARTBEAT_MS || 10_000)
  return {
    emulatorUrl,
    endpointTemplate: `${emulatorUrl}/{service}`,
    clientId: env.VITE_GS2_CLIENT_ID || DEMO_CLIENT_ID,
    clientSecret: env.VITE_GS2_CLIENT_SECRET || DEMO_CLIENT_SECRET,
    namespaceName: env.VITE_GS2_NAMESPACE || 'default',
    heartbeatMs: Number.isFinite(heartbeatMs) && heartbeatMs >= 1000 ? heartbeatMs : 10_000,
    gameServerUrl: (env.VITE_GS2EZ_GAME_SERVER_URL || DEFAULT_GAME_SERVER_URL).replace(/\/+$/, ''),
    oauthClientId: env.VITE_GS2EZ_OAUTH_CLIENT_ID || DEMO_OAUTH_CLIENT_ID,
    emulatorAdminToken: env.VITE_GS2EZ_EMULATOR_ADMIN_TOKEN || undefined,
    gameServerAdminToken: env.VITE_GS2EZ_GAME_SERVER_ADMIN_TOKEN || DEV_GAME_SERVER_ADMIN_TOKEN,
  }
}
