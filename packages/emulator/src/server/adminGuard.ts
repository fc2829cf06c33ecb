import { constantTimeEqual, sha256Hex } from '../crypto/secrets.ts'
import type { EmulatorError } from './emulatorError.ts'
import { badRequest, forbidden, unauthorized } from './emulatorError.ts'
import { requestHeader } from './requestHeader.ts'

/** The header every `/__emulator/...` call carries (the dashboard page is the one exception). */
export const ADMIN_TOKEN_HEADER = 'x-gs2ez-admin-token'

/** What an admin token may look like: printable ASCII, long enough not to be guessed. */
export const ADMIN_TOKEN_PATTERN = /^[\x21-\x7e]{16,512}$/

const JSON_TYPE = /^application\/json\s*(?:;|$)/i

const digest = (value: string): Buffer => Buffer.from(sha256Hex(value), 'hex')

export interface AdminGuardOptions {
  readonly adminToken: string
  /** Origins (besides the emulator's own) whose pages may call the admin API: CORS's list. */
  readonly isAllowedOrigin: (origin: string) => boolean
}

/** Is `origin` the emulator's own (the dashboard page), given the request's `Host`? */
export const isSameOrigin = (origin: string, host: string | undefined): boolean =>
  host !== undefined &&
  (origin.toLowerCase() === `http://${host.toLowerCase()}` ||
    origin.toLowerCase() === `https://${host.toLowerCase()}`)

/**
 * Why an admin request is refused, or undefined. A web page the developer opens can send
 * "simple" requests to 127.0.0.1 without a preflight (`text/plain` or form bodies, no custom
 * header) and read nothing back, but the request still runs. So the admin API refuses a
 * present `Origin` that is not allowed, a body that is not `application/json`, and, before
 * anything else runs, a request without this run's admin token. A custom header cannot be
 * sent cross-site without a preflight, which a foreign origin fails.
 */
export const adminGuard = (
  options: AdminGuardOptions,
): ((request: Request, method: string, path: string) => EmulatorError | undefined) => {
  const expected = digest(options.adminToken)
  return (request, method, path) => {
    const origin = requestHeader(request, 'origin')
    if (
      origin !== undefined &&
      !options.isAllowedOrigin(origin) &&
      !isSameOrigin(origin, requestHeader(request, 'host'))
    ) {
      return forbidden(
        'Origin',
        'emulator.admin.origin',
        `Origin: ${origin.slice(0, 200)} may not call the admin API (see corsOrigins)`,
      )
    }
    if (method !== 'GET' && method !== 'HEAD') {
      const type = requestHeader(request, 'content-type')
      const length = requestHeader(request, 'content-length')
      const hasBody =
        type !== undefined ||
        (length !== undefined && length !== '0') ||
        requestHeader(request, 'transfer-encoding') !== undefined
      // POST/PUT/PATCH always; a DELETE may come without a body, never with another type.
      if ((method !== 'DELETE' || hasBody) && (type === undefined || !JSON_TYPE.test(type))) {
        return badRequest(
          'Content-Type',
          'emulator.admin.contentType',
          'Content-Type: the admin API takes application/json only',
        )
      }
    }
    // The page itself: it carries the token to the developer's browser (same origin only).
    if (
      (method === 'GET' || method === 'HEAD') &&
      (path === '/__emulator/ui' || path === '/__emulator/ui/')
    )
      return undefined
    const token = requestHeader(request, ADMIN_TOKEN_HEADER)
    // Digests compared in constant time, so neither the length nor a prefix shows.
    if (token === undefined || !constantTimeEqual(digest(token), expected)) {
      return unauthorized(
        ADMIN_TOKEN_HEADER,
        'emulator.admin.token',
        `${ADMIN_TOKEN_HEADER}: missing or wrong admin token (printed in the emulator's banner)`,
      )
    }
    return undefined
  }
}
