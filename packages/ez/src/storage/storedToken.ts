import { AUTH_LIMITS } from '@gs2ez/auth'
// zod/mini, not `import { z } from 'zod'`: measured with esbuild, the latter drags every locale
// in (~92 kB gz) where mini costs ~6 kB gz.
import * as z from 'zod/mini'

/**
 * A session as persisted between reloads and shared between tabs. Times are server epoch ms so
 * a restore judges expiry with the server clock, never the device's. `generation` grows by one
 * per refresh: it is what the cross-tab compare-and-swap compares.
 */
export const CachedSessionSchema = z.object({
  v: z.literal(1),
  generation: z.int().check(z.minimum(0)),
  token: z.string().check(z.minLength(1), z.maxLength(AUTH_LIMITS.token)),
  userId: z.string().check(z.minLength(1), z.maxLength(AUTH_LIMITS.userId)),
  expire: z.int().check(z.minimum(0)),
  federationFromUserId: z.optional(
    z.string().check(z.minLength(1), z.maxLength(AUTH_LIMITS.userId)),
  ),
  timeOffset: z.optional(
    z.int().check(z.minimum(AUTH_LIMITS.timeOffsetMin), z.maximum(AUTH_LIMITS.timeOffsetMax)),
  ),
  obtainedAt: z.int().check(z.minimum(0)),
})
export type CachedSession = z.infer<typeof CachedSessionSchema>

/** What makes a cached session distinct: two games, users or authenticators never share one. */
export interface SessionCacheKeyParts {
  endpoint: string
  clientId: string
  namespace: string
  authenticator: string
}

// A JSON array keeps the parts apart whatever characters they contain ('a:b' + 'c' != 'a' + 'b:c').
export const sessionCacheKey = (p: SessionCacheKeyParts): string =>
  `gs2ez/session/v1/${JSON.stringify([p.endpoint, p.clientId, p.namespace, p.authenticator])}`
