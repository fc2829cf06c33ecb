import { systemFetch, ValidationError } from '@gs2ez/core'
import type { EzAccessToken } from './ezAccessToken.ts'
import { EZ_ERROR_CODES, EzError } from './ezError.ts'

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
  /**
   * The emulator's admin token (`startEmulator()` returns it as `adminToken`), sent as
   * `x-gs2ez-admin-token`: the emulator refuses admin requests without it.
   */
  readonly adminToken?: string | undefined
}

/**
 * Revokes through the gs2ez emulator's admin API (`POST /__emulator/tokens/revoke {token}`).
 * For local development and tests: real GS2 has no such endpoint.
 */
export const emulatorRevoker =
  (options: EmulatorRevokerOptions = {}): Revoker =>
  async ({ token, endpointTemplate }) => {
    const base = options.url ?? endpointTemplate?.replace(/\/?\{service\}.*$/, '')
    if (!base) {
      throw new ValidationError('emulatorRevoker needs a url (or a profile endpointTemplate)', {
        field: 'url',
      })
    }
    const doFetch = options.fetch ?? systemFetch
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (options.adminToken !== undefined) headers['x-gs2ez-admin-token'] = options.adminToken
    let response: Response
    try {
      response = await doFetch(`${base.replace(/\/$/, '')}/__emulator/tokens/revoke`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ token: token.token }),
      })
    } catch (error) {
      throw new EzError('the emulator revoke request failed', {
        code: EZ_ERROR_CODES.revokeFailed,
        retryable: true,
        cause: error,
      })
    }
    if (!response.ok) {
      throw new EzError(`emulator revoke failed with HTTP ${response.status}`, {
        code: EZ_ERROR_CODES.revokeFailed,
        status: response.status,
        retryable: response.status >= 500,
      })
    }
  }
