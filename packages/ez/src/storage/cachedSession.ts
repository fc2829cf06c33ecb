import { AUTH_LIMITS } from '@gs2ez/auth'
import { z } from 'zod'

/**
 * A session as persisted between reloads and shared between tabs. Times are server epoch ms so
 * a restore judges expiry with the server clock, never the device's. `generation` grows by one
 * per refresh: it is what the cross-tab compare-and-swap compares.
 */
export const CachedSessionSchema = z.object({
  v: z.literal(1),
  generation: z.int().min(0),
  token: z.string().min(1).max(AUTH_LIMITS.token),
  userId: z.string().min(1).max(AUTH_LIMITS.userId),
  expire: z.int().min(0),
  federationFromUserId: z.string().min(1).max(AUTH_LIMITS.userId).optional(),
  timeOffset: z.int().min(AUTH_LIMITS.timeOffsetMin).max(AUTH_LIMITS.timeOffsetMax).optional(),
  obtainedAt: z.int().min(0),
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
