import { z } from 'zod'
import { timeOffsetField, timeOffsetTokenField, userIdField } from './fields.ts'

/** `POST /timeoffset/token`: a token that shifts the server's "now" for one user. */
export const IssueTimeOffsetTokenByUserIdRequestSchema = z.object({
  userId: userIdField,
  timeOffset: timeOffsetField.optional(),
  timeOffsetToken: timeOffsetTokenField.optional(),
})

export type IssueTimeOffsetTokenByUserIdRequest = z.infer<
  typeof IssueTimeOffsetTokenByUserIdRequestSchema
>
