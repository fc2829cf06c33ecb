import * as z from 'zod/mini'
import { keyIdField, text } from './fields.ts'
import { AUTH_LIMITS, DEFAULT_KEY_ID } from './limits.ts'

/** `POST /login/signed`: body and signature come verbatim from GS2-Account `authentication`. */
export const LoginBySignatureRequestSchema = z.object({
  keyId: z._default(keyIdField, DEFAULT_KEY_ID),
  body: text(AUTH_LIMITS.body),
  signature: text(AUTH_LIMITS.signature),
})

export type LoginBySignatureRequest = z.input<typeof LoginBySignatureRequestSchema>
