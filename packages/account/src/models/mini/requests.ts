import * as z from 'zod/mini'
import { ACCOUNT_LIMITS, DEFAULT_ACCOUNT_KEY_ID } from '../limits.ts'
import { namespaceNameField, text, userIdField } from './fields.ts'

export const CreateAccountRequestMiniSchema = z.object({ namespaceName: namespaceNameField })

export const AuthenticationRequestMiniSchema = z.object({
  namespaceName: namespaceNameField,
  userId: userIdField,
  password: text(ACCOUNT_LIMITS.password),
  keyId: z._default(text(ACCOUNT_LIMITS.keyId), DEFAULT_ACCOUNT_KEY_ID),
  timeOffsetToken: z.optional(text(ACCOUNT_LIMITS.timeOffsetToken)),
})

export const AccountRequestMiniSchema = z.object({
  namespaceName: namespaceNameField,
  userId: userIdField,
})
