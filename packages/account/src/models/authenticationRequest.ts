import * as z from 'zod/mini'
import { namespaceNameField, text, userIdField } from './fields.ts'
import { ACCOUNT_LIMITS, DEFAULT_ACCOUNT_KEY_ID } from './limits.ts'

/** `PUT /{namespaceName}/account/{userId}`; the time offset token travels as a header. */
export const AuthenticationRequestSchema = z.object({
  namespaceName: namespaceNameField,
  userId: userIdField,
  password: text(ACCOUNT_LIMITS.password),
  keyId: z._default(text(ACCOUNT_LIMITS.keyId), DEFAULT_ACCOUNT_KEY_ID),
  timeOffsetToken: z.optional(text(ACCOUNT_LIMITS.timeOffsetToken)),
})

export type AuthenticationRequest = z.input<typeof AuthenticationRequestSchema>
