import { z } from 'zod'
import { timeOffsetField, timeOffsetTokenField, userIdField } from './fields.ts'
import { AUTH_LIMITS } from './limits.ts'

/** `POST /federation`: a token to act as `userId` on behalf of `originalUserId`. */
export const FederationRequestSchema = z.object({
  originalUserId: z.string().min(1).max(AUTH_LIMITS.originalUserId),
  userId: userIdField,
  policyDocument: z.string().min(1).max(AUTH_LIMITS.policyDocument).optional(),
  timeOffset: timeOffsetField.optional(),
  timeOffsetToken: timeOffsetTokenField.optional(),
})

export type FederationRequest = z.infer<typeof FederationRequestSchema>
