/**
 * Request limits of GS2-Account (docs.gs2.io). The client checks them before any network call,
 * and the emulator enforces the same numbers.
 */
export const ACCOUNT_LIMITS = {
  namespaceName: 128,
  userId: 128,
  password: 128,
  keyId: 1024,
  timeOffsetToken: 1024,
} as const

/** Same template as GS2-Auth's: the server fills `{region}` and `{ownerId}`. */
export const DEFAULT_ACCOUNT_KEY_ID = 'grn:gs2:{region}:{ownerId}:key:default:key:default'
