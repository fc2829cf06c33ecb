import { EZ_ERROR_CODES, EzError } from './ezError.ts'

/**
 * Fills `bytes` with cryptographically strong random values and returns them. Injected where a
 * secret is generated (transfer codes); the profile's `random` is for jitter only and may be a
 * seeded engine RNG or `() => 0` in tests, which must never decide a password.
 */
export type SecureRandom = (bytes: Uint8Array) => Uint8Array

// Looked up on every call, never at import, so a test or host that installs crypto later still
// takes effect. Web Crypto exists in every supported browser and in Node 20 as a global.
export const systemSecureRandom: SecureRandom = (bytes) => {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } })
    .crypto
  if (typeof crypto?.getRandomValues !== 'function') {
    throw new EzError('no crypto.getRandomValues here: pass a secureRandom to the Profile', {
      code: EZ_ERROR_CODES.secureRandomUnavailable,
    })
  }
  return crypto.getRandomValues(bytes)
}
