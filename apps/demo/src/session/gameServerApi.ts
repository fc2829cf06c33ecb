/** A second factor a player may choose at registration on the gs2ez game server. */
export type SecondFactorChoice = 'none' | 'totp' | 'email'

export interface Registration {
  readonly username: string
  readonly password: string
  readonly twoFactor: SecondFactorChoice
  /** Required for `twoFactor: 'email'`: where the game server "sends" the codes (dev outbox). */
  readonly email?: string | undefined
}

/** GS2's signed word for the player who registers (`session.createIdentityProof()`). */
export interface Gs2Proof {
  readonly keyId: string
  readonly body: string
  readonly signature: string
}

export interface Registered {
  readonly username: string
  readonly twoFactor: SecondFactorChoice
  /** For TOTP: what an authenticator app needs (a QR code of `otpauthUri`, or the secret typed in). */
  readonly totp?: { readonly secret: string; readonly otpauthUri: string } | undefined
  /** Set when a proof linked the username to this GS2 user (the guest's own). */
  readonly gs2UserId?: string | undefined
}

/** The game server refused a registration; `field` names the input to fix when it says so. */
export class RegistrationError extends Error {
  override name = 'RegistrationError'
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | undefined,
    readonly field: string | undefined,
  ) {
    super(message)
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/**
 * `POST {gameServer}/users`. Registration is not part of the SDK (a game may use any sign-up
 * flow); only the sign-in that follows goes through OAuth2PasswordAuthenticator. With a
 * `gs2Proof`, the username is linked to the GS2 user it proves (a guest keeps their player).
 */
export async function registerUser(
  options: { gameServerUrl: string; fetch?: typeof fetch },
  registration: Registration,
  gs2Proof?: Gs2Proof,
): Promise<Registered> {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let response: Response
  try {
    response = await doFetch(`${options.gameServerUrl}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        username: registration.username,
        password: registration.password,
        twoFactor: registration.twoFactor,
        ...(registration.twoFactor === 'email' ? { email: registration.email ?? '' } : {}),
        ...(gs2Proof === undefined ? {} : { gs2Proof }),
      }),
    })
  } catch {
    throw new RegistrationError(
      `Can't reach the game server at ${options.gameServerUrl}`,
      'network_error',
      undefined,
      undefined,
    )
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  if (response.status !== 201) {
    throw new RegistrationError(
      text(body.error_description) ?? `registration failed (HTTP ${response.status})`,
      text(body.error) ?? 'server_error',
      response.status,
      text(body.field),
    )
  }
  const totp = body.totp as Record<string, unknown> | undefined
  const secret = text(totp?.secret)
  const otpauthUri = text(totp?.otpauth_uri)
  const gs2UserId = text(body.gs2_user_id)
  return {
    username: text(body.username) ?? registration.username,
    twoFactor: registration.twoFactor,
    ...(secret && otpauthUri ? { totp: { secret, otpauthUri } } : {}),
    ...(gs2UserId ? { gs2UserId } : {}),
  }
}
