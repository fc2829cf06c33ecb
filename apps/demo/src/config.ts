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
}

export interface DemoEnv {
  readonly VITE_GS2_EMULATOR_URL?: string
  readonly VITE_GS2_CLIENT_ID?: string
  readonly VITE_GS2_CLIENT_SECRET?: string
  readonly VITE_GS2_NAMESPACE?: string
  readonly VITE_GS2_HEARTBEAT_MS?: string
}

/** The emulator's built-in application credential: fine in a demo, never in a real game. */
export const DEMO_CLIENT_ID = 'gs2ez-demo-app'
export const DEMO_CLIENT_SECRET = 'gs2ez-demo-app-secret'
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:4000'

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
  }
}
