/**
 * Request limits of the GS2-Account takeover APIs (docs.gs2.io reference and the official
 * SDKs' model checks). The client checks them before any request; the emulator enforces the same.
 */
export const TAKE_OVER_LIMITS = {
  /** `type` is a slot number chosen by the game (e.g. 0 = transfer code, 1 = e-mail). */
  typeMin: 0,
  typeMax: 1024,
  userIdentifier: 1024,
  password: 128,
  /** Access tokens GS2-Auth issues are at most 1024 characters. */
  accessToken: 1024,
  pageToken: 1024,
  limitMin: 1,
  limitMax: 1000,
  /** What GS2 answers per page when `limit` is not given. */
  defaultLimit: 30,
} as const
