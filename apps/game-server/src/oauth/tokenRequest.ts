import { z } from 'zod'
import { clip, invalidRequest, OAuthError } from '../errors/oauthError.ts'
import { parseInput } from '../errors/parseInput.ts'
import { USER_LIMITS, USERNAME_PATTERN } from '../users/registration.ts'

export const SUPPORTED_SCOPES = ['gs2'] as const
export const DEFAULT_SCOPE = 'gs2'

const text = (max: number, min = 1) =>
  z
    .string({ error: 'must be a string' })
    .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .max(max, { error: `must be at most ${max} characters` })

/**
 * `additional_parameters`, a JSON object in one form field (the convention of OAuth clients in game
 * engines, which cannot add arbitrary form fields):
 * - `mfa_token`: from the 202 answer of step 1; with `otp` or `email_code` it completes step 2.
 * - `otp`: a TOTP code; alone with the password it skips the challenge round trip.
 * - `email_code`: the code from the email.
 * - `time_offset_token`: a GS2 time offset token for this player (QA), see /admin.
 */
const AdditionalParametersSchema = z.strictObject(
  {
    mfa_token: text(128).optional(),
    otp: z
      .string({ error: 'must be a string' })
      .regex(/^\d{6}$/, { error: 'must be 6 digits' })
      .optional(),
    email_code: z
      .string({ error: 'must be a string' })
      .regex(/^\d{6}$/, { error: 'must be 6 digits' })
      .optional(),
    time_offset_token: text(1024).optional(),
  },
  { error: 'must be a JSON object' },
)

export type AdditionalParameters = z.infer<typeof AdditionalParametersSchema>

const FormSchema = z.strictObject({
  client_id: text(128),
  grant_type: z.enum(['password', 'refresh_token'], {
    error: 'must be "password" or "refresh_token"',
  }),
  scope: text(256).optional(),
  username: z
    .string({ error: 'must be a string' })
    .min(USER_LIMITS.usernameMin, {
      error: `must be ${USER_LIMITS.usernameMin}..${USER_LIMITS.usernameMax} characters`,
    })
    .max(USER_LIMITS.usernameMax, {
      error: `must be ${USER_LIMITS.usernameMin}..${USER_LIMITS.usernameMax} characters`,
    })
    .regex(USERNAME_PATTERN, { error: 'has characters a username cannot have' })
    .optional(),
  password: text(USER_LIMITS.passwordMax * 4).optional(),
  refresh_token: text(256).optional(),
  additional_parameters: text(4096).optional(),
})

export type TokenRequest =
  | {
      grantType: 'password'
      clientId: string
      scope: string | undefined
      username: string | undefined
      password: string | undefined
      additional: AdditionalParameters
    }
  | {
      grantType: 'refresh_token'
      clientId: string
      scope: string | undefined
      refreshToken: string
    }

/** Validates the form of POST /oauth/access_token; every problem is a 400 naming the field. */
export function parseTokenRequest(form: Record<string, string>): TokenRequest {
  if (form.grant_type !== undefined && !['password', 'refresh_token'].includes(form.grant_type)) {
    throw new OAuthError(
      'unsupported_grant_type',
      `grant_type: "${clip(form.grant_type)}" is not supported`,
      {
        status: 400,
        field: 'grant_type',
      },
    )
  }
  const parsed = parseInput(FormSchema, form)
  if (parsed.scope !== undefined) {
    // RFC 6749 §3.3: space-delimited, order does not matter; kept normalised so a refresh can
    // compare it with the family's scope.
    parsed.scope = [...new Set(parsed.scope.split(' ').filter(Boolean))].sort().join(' ')
    for (const scope of parsed.scope.split(' ')) {
      if (!(SUPPORTED_SCOPES as readonly string[]).includes(scope)) {
        throw new OAuthError(
          'invalid_scope',
          `scope: "${clip(scope)}" is not one of ${SUPPORTED_SCOPES.join(', ')}`,
          {
            status: 400,
            field: 'scope',
          },
        )
      }
    }
  }
  if (parsed.grant_type === 'refresh_token') {
    if (parsed.refresh_token === undefined) throw invalidRequest('refresh_token', 'is required')
    return {
      grantType: 'refresh_token',
      clientId: parsed.client_id,
      scope: parsed.scope,
      refreshToken: parsed.refresh_token,
    }
  }
  let additional: AdditionalParameters = {}
  if (parsed.additional_parameters !== undefined) {
    let json: unknown
    try {
      json = JSON.parse(parsed.additional_parameters)
    } catch {
      throw invalidRequest('additional_parameters', 'must be a JSON object')
    }
    try {
      additional = parseInput(AdditionalParametersSchema, json)
    } catch (error) {
      if (error instanceof OAuthError && error.field !== undefined) {
        const field =
          error.field === 'body' ? 'additional_parameters' : `additional_parameters.${error.field}`
        throw invalidRequest(field, error.description.slice(error.field.length + 2))
      }
      throw error
    }
  }
  const isStep2 = additional.mfa_token !== undefined
  if (!isStep2 && parsed.username === undefined) throw invalidRequest('username', 'is required')
  if (!isStep2 && parsed.password === undefined) throw invalidRequest('password', 'is required')
  if (isStep2 && additional.otp === undefined && additional.email_code === undefined) {
    throw invalidRequest('additional_parameters.otp', 'or email_code is required with mfa_token')
  }
  return {
    grantType: 'password',
    clientId: parsed.client_id,
    scope: parsed.scope,
    username: parsed.username,
    password: parsed.password,
    additional,
  }
}
