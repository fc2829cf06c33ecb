import * as z from 'zod/mini'
import { AUTH_LIMITS } from '../limits.ts'
import { text, timeOffsetField } from './fields.ts'

export const AccessTokenMiniSchema = z.object({
  token: text(AUTH_LIMITS.token),
  userId: text(AUTH_LIMITS.userId),
  federationFromUserId: z.nullish(z.string().check(z.maxLength(AUTH_LIMITS.userId))),
  expire: z.int(),
  timeOffset: z.nullish(timeOffsetField),
})

export const AccessTokenResultMiniSchema = z.object({
  token: text(AUTH_LIMITS.token),
  userId: text(AUTH_LIMITS.userId),
  expire: z.int(),
})

export const GetServiceVersionResultMiniSchema = z.object({ item: z.string() })
