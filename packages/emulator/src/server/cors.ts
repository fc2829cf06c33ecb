/** Headers a browser client sends to GS2 (the preflight asks for them). */
const ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Content-Encoding',
  'X-GS2-CLIENT-ID',
  'X-GS2-ACCESS-TOKEN',
  'X-GS2-TIME-OFFSET-TOKEN',
  'X-GS2-REQUEST-ID',
  'X-GS2-DUPLICATION-AVOIDER',
  // The admin API's (ez's emulatorRevoker from a localhost page); admin routes only use it.
  'X-GS2EZ-ADMIN-TOKEN',
].join(', ')

/** `Date` must be readable from JS: the SDK estimates the server clock from it. */
export const EXPOSE_HEADERS = 'Date, Content-Type, Content-Length, Retry-After, X-GS2-REQUEST-ID'

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `http://localhost:*` matches any port; anything else is an exact origin; `*` allows all. */
export const originMatcher = (patterns: readonly string[]): ((origin: string) => boolean) => {
  if (patterns.includes('*')) return () => true
  const regexes = patterns.map(
    (p) => new RegExp(`^${escapeRegExp(p).replace(/:\\\*$/, '(:\\d{1,5})?')}$`, 'i'),
  )
  const cache = new Map<string, boolean>()
  return (origin) => {
    let allowed = cache.get(origin)
    if (allowed === undefined) {
      allowed = regexes.some((r) => r.test(origin))
      if (cache.size < 1000) cache.set(origin, allowed)
    }
    return allowed
  }
}

export const corsHeaders = (origin: string): Record<string, string> => ({
  'access-control-allow-origin': origin,
  'access-control-expose-headers': EXPOSE_HEADERS,
  vary: 'Origin',
})

export const preflightHeaders = (
  origin: string,
  requested: string | null,
): Record<string, string> => ({
  'access-control-allow-origin': origin,
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  // Echo what was asked when it is a plain header list, so new client headers keep working.
  'access-control-allow-headers':
    requested && /^[\w\-, ]{1,2000}$/.test(requested) ? requested : ALLOW_HEADERS,
  'access-control-max-age': '600',
  vary: 'Origin, Access-Control-Request-Headers',
})
