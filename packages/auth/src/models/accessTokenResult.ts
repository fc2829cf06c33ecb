import { z } from 'zod'
import { AUTH_LIMITS } from './limits.ts'

/** What login, loginBySignature, federation and issueTimeOffsetTokenByUserId return. */
export const AccessTokenResultSchema = z.object({
  token: z.string().min(1).max(AUTH_LIMITS.token),
  userId: z.string().min(1).max(AUTH_LIMITS.userId),
  expire: z.number().int(),
})

export type AccessTokenResult = z.infer<typeof AccessTokenResultSchema>
