import * as z from 'zod/mini'
import { text, timeOffsetField } from './fields.ts'
import { AUTH_LIMITS } from './limits.ts'

/** GS2-Auth AccessToken model. `expire` is epoch milliseconds. */
export const AccessTokenSchema = z.object({
  token: text(AUTH_LIMITS.token),
  userId: text(AUTH_LIMITS.userId),
  // Real GS2 sends `null` for unset fields, so optional fields accept it.
  federationFromUserId: z.nullish(z.string().check(z.maxLength(AUTH_LIMITS.userId))),
  expire: z.int(),
  timeOffset: z.nullish(timeOffsetField),
})

export type AccessToken = z.infer<typeof AccessTokenSchema>
