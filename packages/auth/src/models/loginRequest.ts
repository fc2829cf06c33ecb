import * as z from 'zod/mini'
import { timeOffsetField, timeOffsetTokenField, userIdField } from './fields.ts'

/** `POST /login`, trusted (server) credentials only: it does not verify the user. */
export const LoginRequestSchema = z.object({
  userId: userIdField,
  timeOffset: z.optional(timeOffsetField),
  timeOffsetToken: z.optional(timeOffsetTokenField),
})

export type LoginRequest = z.infer<typeof LoginRequestSchema>
