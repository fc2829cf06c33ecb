// zod/mini like every other browser-side schema: classic `zod` here put all of classic zod and
// its locales (~90 kB gz, measured with esbuild) into every game that signs in with a username.
import * as z from 'zod/mini'

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max))

/** The 200 body of the gs2ez game server's token endpoint, validated at the edge. */
export const OAuth2TokenResponseSchema = z.object({
  access_token: text(1024),
  token_type: z.string(),
  expires_in: z.number(),
  refresh_token: text(256),
  scope: z.string(),
  user_guid: z.string(),
  gs2_user_id: text(128),
  expire: z.number(),
  time_offset: z.optional(z.int()),
})

/** The 202 body of step 1 when a second factor is required. */
export const OAuth2ChallengeResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  mfa_token: text(128),
  challenge_type: z.enum(['totp', 'email']),
  expires_in: z.number(),
})

/** A signed-in session as the game server answers it (camelCase). */
export interface OAuth2Token {
  /** A GS2 access token for the player's GS2 user. */
  readonly accessToken: string
  readonly expiresIn: number
  readonly refreshToken: string
  readonly scope: string
  /** The player's id at the game server. */
  readonly userGuid: string
  /** The player's GS2 user id (the access token's `userId`). */
  readonly gs2UserId: string
  /** GS2's expiry of the access token, server epoch ms. */
  readonly expire: number
  readonly timeOffset?: number | undefined
}

/**
 * A second factor the player must provide. `kind: 'totp'` (server code `410`): a code from the
 * authenticator app. `kind: 'email'` (server code `400`): a code that was just mailed.
 */
export interface SecondFactorChallenge {
  readonly kind: 'totp' | 'email'
  /** Server text for the player, e.g. "An access code was sent to a***@example.com." */
  readonly message: string
  /** Opaque: proves step 1 passed; single use, expires with `expiresIn`. */
  readonly mfaToken: string
  readonly expiresIn: number
  /** Set when asking again after a wrong code. */
  readonly attemptsRemaining?: number | undefined
}

export type OAuth2GrantResult =
  | { readonly type: 'token'; readonly token: OAuth2Token }
  | { readonly type: 'challenge'; readonly challenge: SecondFactorChallenge }

export const toOAuth2Token = (body: z.infer<typeof OAuth2TokenResponseSchema>): OAuth2Token => ({
  accessToken: body.access_token,
  expiresIn: body.expires_in,
  refreshToken: body.refresh_token,
  scope: body.scope,
  userGuid: body.user_guid,
  gs2UserId: body.gs2_user_id,
  expire: body.expire,
  ...(body.time_offset === undefined ? {} : { timeOffset: body.time_offset }),
})
