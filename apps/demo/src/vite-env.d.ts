/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_GS2_EMULATOR_URL?: string
  readonly VITE_GS2_CLIENT_ID?: string
  readonly VITE_GS2_CLIENT_SECRET?: string
  readonly VITE_GS2_NAMESPACE?: string
  readonly VITE_GS2_HEARTBEAT_MS?: string
  readonly VITE_GS2EZ_GAME_SERVER_URL?: string
  readonly VITE_GS2EZ_OAUTH_CLIENT_ID?: string
}
