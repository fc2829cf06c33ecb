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

export const RegistrationSchema = z
  .strictObject(
    {
      username: UsernameSchema,
      password: PasswordSchema,
      email: EmailSchema.optional(),
      twoFactor: z
        .enum(['none', 'totp', 'email'], { error: 'must be "none", "totp" or "email"' })
        .optional(),
    },
    { error: 'must be a JSON object' },
  )
  .refine((value) => value.twoFactor !== 'email' || value.email !== undefined, {
    error: 'is required when twoFactor is "email"',
    path: ['email'],
  })

export type Registration = z.infer<typeof RegistrationSchema>
