import * as z from 'zod/mini'
import { text, timeOffsetField, timeOffsetTokenField, userIdField } from './fields.ts'
import { AUTH_LIMITS } from './limits.ts'

/** `POST /federation`: a token to act as `userId` on behalf of `originalUserId`. */
export const FederationRequestSchema = z.object({
  originalUserId: text(AUTH_LIMITS.originalUserId),
  userId: userIdField,
  policyDocument: z.optional(text(AUTH_LIMITS.policyDocument)),
  timeOffset: z.optional(timeOffsetField),
  timeOffsetToken: z.optional(timeOffsetTokenField),
})

export type FederationRequest = z.infer<typeof FederationRequestSchema>
