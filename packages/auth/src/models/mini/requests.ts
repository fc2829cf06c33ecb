import * as z from 'zod/mini'
import { AUTH_LIMITS, DEFAULT_KEY_ID } from '../limits.ts'
import { text, timeOffsetField, timeOffsetTokenField, userIdField } from './fields.ts'

export const LoginRequestMiniSchema = z.object({
  userId: userIdField,
  timeOffset: z.optional(timeOffsetField),
  timeOffsetToken: z.optional(timeOffsetTokenField),
})

export const LoginBySignatureRequestMiniSchema = z.object({
  keyId: z._default(text(AUTH_LIMITS.keyId), DEFAULT_KEY_ID),
  body: text(AUTH_LIMITS.body),
  signature: text(AUTH_LIMITS.signature),
})

export const FederationRequestMiniSchema = z.object({
  originalUserId: text(AUTH_LIMITS.originalUserId),
  userId: userIdField,
  policyDocument: z.optional(text(AUTH_LIMITS.policyDocument)),
  timeOffset: z.optional(timeOffsetField),
  timeOffsetToken: z.optional(timeOffsetTokenField),
})

export const IssueTimeOffsetTokenByUserIdRequestMiniSchema = z.object({
  userId: userIdField,
  timeOffset: z.optional(timeOffsetField),
  timeOffsetToken: z.optional(timeOffsetTokenField),
})
