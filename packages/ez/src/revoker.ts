import type { EzAccessToken } from './ezAccessToken.ts'

export interface RevokeContext {
  readonly token: EzAccessToken
  /** The profile's endpoint template, e.g. `http://127.0.0.1:4000/{service}`. */
  readonly endpointTemplate: string | undefined
  readonly region: string
}

/**
 * Invalidates an access token on the server for `logout({ revoke: true })`. GS2 has no client
 * revoke API: a game wires its own (a call to its trusted game server, or the emulator's admin
 * API through `emulatorRevoker()`).
 */
export type Revoker = (context: RevokeContext) => Promise<void>

export interface EmulatorRevokerOptions {
  /** Emulator base URL (`http://127.0.0.1:4000`); default: the endpoint template minus `/{service}`. */
  readonly url?: string
  readonly fetch?: typeof fetch
}

/**
 * Revokes through the gs2ez emulator's admin API (`POST /__emulator/tokens/revoke {token}`).
 * For local development and tests: real GS2 has no such endpoint.
 */
export const emulatorRevoker =
  (options: EmulatorRevokerOptions = {}): Revoker =>
  async ({ token, endpointTemplate }) => {
    const base = options.url ?? endpointTemplate?.replace(/\/?\{service\}.*$/, '')
    if (!base) throw new Error('emulatorRevoker needs a url (or a profile endpointTemplate)')
    const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
    const response = await doFetch(`${base.replace(/\/$/, '')}/__emulator/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.token }),
    })
    if (!response.ok) throw new Error(`emulator revoke failed with HTTP ${response.status}`)
  }
