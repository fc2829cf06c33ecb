/**
 * Request limits of GS2-Auth (docs.gs2.io). The client checks them before any network call, and
 * the emulator enforces the same numbers, so both sides fail the same way.
 */
export const AUTH_LIMITS = {
  userId: 128,
  timeOffsetMin: 0,
  timeOffsetMax: 315360000,
  timeOffsetToken: 1024,
  keyId: 1024,
  body: 524288,
  signature: 1024,
  originalUserId: 128,
  policyDocument: 524288,
  token: 1024,
} as const

/** The server fills `{region}` and `{ownerId}` itself, so the template is valid as sent. */
export const DEFAULT_KEY_ID = 'grn:gs2:{region}:{ownerId}:key:default:key:default'
