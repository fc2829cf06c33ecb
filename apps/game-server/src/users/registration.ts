import { z } from 'zod'

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
export const USER_LIMITS = {
  usernameMin: 3,
  usernameMax: 64,
  passwordMin: 8,
  passwordMax: 128,
  emailMax: 254,
} as const

export const UsernameSchema = z
  .string({ error: 'must be a string' })
  .min(USER_LIMITS.usernameMin, {
    error: `must be ${USER_LIMITS.usernameMin}..${USER_LIMITS.usernameMax} characters`,
  })
  .max(USER_LIMITS.usernameMax, {
    error: `must be ${USER_LIMITS.usernameMin}..${USER_LIMITS.usernameMax} characters`,
  })
  .regex(USERNAME_PATTERN, {
    error: 'may only use letters, digits, ".", "_" and "-", starting with a letter or digit',
  })

// Counted in code points, so an emoji is one character as a player would count it.
export const PasswordSchema = z
  .string({ error: 'must be a string' })
  .refine(
    (value) =>
      [...value].length >= USER_LIMITS.passwordMin && [...value].length <= USER_LIMITS.passwordMax,
    {
      error: `must be ${USER_LIMITS.passwordMin}..${USER_LIMITS.passwordMax} characters`,
    },
  )
  .refine((value) => value.trim().length > 0, { error: 'must not be only spaces' })

export const EmailSchema = z
  .string({ error: 'must be a string' })
  .max(USER_LIMITS.emailMax, { error: `must be at most ${USER_LIMITS.emailMax} characters` })
  .regex(/^[^\s@"<>()[\]\\,;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, {
    error: 'must be an address like player@example.com',
  })

/** GS2-Auth's limits for loginBySignature (docs.gs2.io); the 16 KiB body cap comes first. */
export const GS2_PROOF_LIMITS = { keyId: 1024, body: 524_288, signature: 1024 } as const

const proofText = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })

/**
 * A device account's GS2 identity: `body`, `signature` (and the `keyId` it used) of a
 * GS2-Account `authentication` result, verbatim. The server has GS2 verify it, so the username
 * keeps that GS2 user instead of a new one.
 */
export const Gs2ProofSchema = z.strictObject(
  {
    keyId: proofText(GS2_PROOF_LIMITS.keyId).optional(),
    body: proofText(GS2_PROOF_LIMITS.body),
    signature: proofText(GS2_PROOF_LIMITS.signature),
  },
  { error: 'must be an object {body, signature, keyId?}' },
)

export const RegistrationSchema = z
  .strictObject(
    {
      username: UsernameSchema,
      password: PasswordSchema,
      email: EmailSchema.optional(),
      twoFactor: z
        .enum(['none', 'totp', 'email'], { error: 'must be "none", "totp" or "email"' })
        .optional(),
      gs2Proof: Gs2ProofSchema.optional(),
    },
    { error: 'must be a JSON object' },
  )
  .refine((value) => value.twoFactor !== 'email' || value.email !== undefined, {
    error: 'is required when twoFactor is "email"',
    path: ['email'],
  })

export type Registration = z.infer<typeof RegistrationSchema>
