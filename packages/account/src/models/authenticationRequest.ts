import { z } from 'zod'
import { namespaceNameField, userIdField } from './fields.ts'
import { ACCOUNT_LIMITS, DEFAULT_ACCOUNT_KEY_ID } from './limits.ts'

/** `PUT /{namespaceName}/account/{userId}`; the time offset token travels as a header. */
export const AuthenticationRequestSchema = z.object({
  namespaceName: namespaceNameField,
  userId: userIdField,
  password: z.string().min(1).max(ACCOUNT_LIMITS.password),
  keyId: z.string().min(1).max(ACCOUNT_LIMITS.keyId).default(DEFAULT_ACCOUNT_KEY_ID),
  timeOffsetToken: z.string().min(1).max(ACCOUNT_LIMITS.timeOffsetToken).optional(),
})

export type AuthenticationRequest = z.input<typeof AuthenticationRequestSchema>
