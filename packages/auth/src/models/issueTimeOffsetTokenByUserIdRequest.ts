import * as z from 'zod/mini'
import { timeOffsetField, timeOffsetTokenField, userIdField } from './fields.ts'

/** `POST /timeoffset/token`: a token that shifts the server's "now" for one user. */
export const IssueTimeOffsetTokenByUserIdRequestSchema = z.object({
  userId: userIdField,
  timeOffset: z.optional(timeOffsetField),
  timeOffsetToken: z.optional(timeOffsetTokenField),
})

export type IssueTimeOffsetTokenByUserIdRequest = z.infer<
  typeof IssueTimeOffsetTokenByUserIdRequestSchema
>
