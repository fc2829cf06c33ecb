/**
 * What a failed re-authentication means for the session:
 * - `definitive`: the identity provider refused these credentials for good (wrong password,
 *   banned, deleted account). Retrying cannot help: sign out.
 * - `transient`: anything else (network, timeouts, 429/402, 5xx, 409, an unexpected 401 from
 *   the transport). Keep serving the still-valid token, back off and retry.
 * Firebase JS signed users out on a 429 (firebase-js-sdk#9259) and Supabase on any
 * non-retryable refresh error (supabase-js#2145): only an explicit rejection signs out here.
 */
export type FailureKind = 'definitive' | 'transient'

export type FailureClassifier = (error: unknown) => FailureKind

interface ErrorLike {
  name?: unknown
  code?: unknown
  status?: unknown
  details?: unknown
}

const DEFINITIVE_CODES = [
  /^account\.password\.invalid/,
  /^account\.banned(\.|$)/,
  /^account\.account\.notFound$/,
  /^gs2ez\.moved_to_another_device$/,
  /^gs2ez\.switched_account$/,
]

const detailCodes = (error: ErrorLike): string[] => {
  const codes: string[] = []
  if (typeof error.code === 'string') codes.push(error.code)
  if (Array.isArray(error.details)) {
    for (const d of error.details) {
      if (
        typeof d === 'object' &&
        d !== null &&
        typeof (d as { code?: unknown }).code === 'string'
      ) {
        codes.push((d as { code: string }).code)
      }
    }
  }
  return codes
}

/** The default classifier, reading `name`/`code`/`status`/`details` (works across bundles). */
export const classifyFailure: FailureClassifier = (error) => {
  if (typeof error !== 'object' || error === null) return 'transient'
  const e = error as ErrorLike
  if (e.name === 'CredentialsRejectedError') return 'definitive'
  const codes = detailCodes(e)
  if (codes.some((code) => DEFINITIVE_CODES.some((pattern) => pattern.test(code)))) {
    return 'definitive'
  }
  // Any other 404 (a missing namespace, a wrong endpoint, a proxy) says nothing about the
  // account: signing out on it would lose every player of a misconfigured release.
  return 'transient'
}

/** Server-requested wait (Retry-After), when the error carries one. */
export const retryAfterOf = (error: unknown): number | undefined => {
  if (typeof error !== 'object' || error === null) return undefined
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined
}

/** A 401 from a GS2 API call: the access token was rejected (expired, revoked). */
export const isUnauthorized = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { status?: unknown }).status === 401 ||
    (error as { name?: unknown }).name === 'UnauthorizedError')
