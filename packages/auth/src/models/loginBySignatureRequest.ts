import { z } from 'zod'
import { keyIdField } from './fields.ts'
import { AUTH_LIMITS, DEFAULT_KEY_ID } from './limits.ts'

/** `POST /login/signed`: body and signature come verbatim from GS2-Account `authentication`. */
export const LoginBySignatureRequestSchema = z.object({
  keyId: keyIdField.default(DEFAULT_KEY_ID),
  body: z.string().min(1).max(AUTH_LIMITS.body),
  signature: z.string().min(1).max(AUTH_LIMITS.signature),
})

export type LoginBySignatureRequest = z.input<typeof LoginBySignatureRequestSchema>
