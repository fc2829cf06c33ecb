import { z } from 'zod'
import { timeOffsetField, timeOffsetTokenField, userIdField } from './fields.ts'

/** `POST /login`, trusted (server) credentials only: it does not verify the user. */
export const LoginRequestSchema = z.object({
  userId: userIdField,
  timeOffset: timeOffsetField.optional(),
  timeOffsetToken: timeOffsetTokenField.optional(),
})

export type LoginRequest = z.infer<typeof LoginRequestSchema>
