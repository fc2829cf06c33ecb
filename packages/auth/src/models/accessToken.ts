import { z } from 'zod'
import { timeOffsetField } from './fields.ts'
import { AUTH_LIMITS } from './limits.ts'

/** GS2-Auth AccessToken model. `expire` is epoch milliseconds. */
export const AccessTokenSchema = z.object({
  token: z.string().min(1).max(AUTH_LIMITS.token),
  userId: z.string().min(1).max(AUTH_LIMITS.userId),
  // Real GS2 sends `null` for unset fields, so optional fields accept it.
  federationFromUserId: z.string().max(AUTH_LIMITS.userId).nullish(),
  expire: z.number().int(),
  timeOffset: timeOffsetField.nullish(),
})

export type AccessToken = z.infer<typeof AccessTokenSchema>
