import * as z from 'zod/mini'
import { text } from './fields.ts'
import { AUTH_LIMITS } from './limits.ts'

/** What login, loginBySignature, federation and issueTimeOffsetTokenByUserId return. */
export const AccessTokenResultSchema = z.object({
  token: text(AUTH_LIMITS.token),
  userId: text(AUTH_LIMITS.userId),
  expire: z.int(),
})

export type AccessTokenResult = z.infer<typeof AccessTokenResultSchema>
