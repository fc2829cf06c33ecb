import { Gs2AuthRestClient } from '@gs2ez/auth'
import { BasicGs2Credential, type Gs2Error, Gs2RestSession, isGs2Error } from '@gs2ez/core'
import type { Clock, Gs2ConnectionOptions } from '../config.ts'
import { clip, OAuthError } from '../errors/oauthError.ts'

export interface Gs2Token {
  readonly token: string
  readonly userId: string
  /** Epoch ms, GS2's clock. */
  readonly expire: number
}

/** What the game server asks of GS2, always with its trusted credential. */
export interface Gs2Gateway {
  login(request: {
    userId: string
    timeOffset?: number
    timeOffsetToken?: string
  }): Promise<Gs2Token>
  federation(request: {
    originalUserId: string
    userId: string
    policyDocument?: string
    timeOffset?: number
  }): Promise<Gs2Token>
  issueTimeOffsetToken(request: { userId: string; timeOffset: number }): Promise<Gs2Token>
  /**
   * The GS2 user id a GS2-Account `authentication` result proves, checked by GS2 itself
   * (`loginBySignature`): signature, key, freshness, account still there and not banned. The
   * token it mints is dropped; only the verified id is kept.
   */
  verifyIdentity(proof: Gs2IdentityProof): Promise<string>
  close(): void
}

/** What GS2-Account `authentication` answered a device account: passed on verbatim. */
export interface Gs2IdentityProof {
  readonly keyId?: string | undefined
  readonly body: string
  readonly signature: string
}

/**
 * GS2 through @gs2ez/auth. One session for the server's lifetime: it connects once (project token)
 * and renews it itself.
 */
export function createGs2Gateway(
  options: Gs2ConnectionOptions & { fetch?: typeof fetch; clock?: Clock },
): Gs2Gateway {
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential(options.clientId, options.clientSecret),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpointTemplate === undefined
      ? {}
      : { endpointTemplate: options.endpointTemplate }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
  const auth = new Gs2AuthRestClient(session)
  return {
    // Only the time offset token is shaped by the player in a login (our user ids are UUIDs):
    // GS2 answers 401 for an unknown or expired one, 400 for one issued to another user.
    login: (request) =>
      call(
        () => auth.login(request),
        (error) =>
          request.timeOffsetToken === undefined
            ? undefined
            : new OAuthError(
                'invalid_grant',
                `GS2 refused the time offset token: ${clip(error.message, 200)}`,
                {
                  status: 400,
                  reason: 'time_offset_token_invalid',
                  cause: error,
                },
              ),
      ),
    federation: (request) => call(() => auth.federation(request), refusedByGs2),
    issueTimeOffsetToken: (request) =>
      call(() => auth.issueTimeOffsetTokenByUserId(request), refusedByGs2),
    verifyIdentity: async (proof) => {
      const token = await call(
        () =>
          auth.loginBySignature({
            ...(proof.keyId === undefined ? {} : { keyId: proof.keyId }),
            body: proof.body,
            signature: proof.signature,
          }),
        proofRefused,
        [400, 401, 404],
      )
      return token.userId
    },
    close: () => session.close(),
  }
}

/**
 * Every 4xx of loginBySignature is about the proof the client sent (a forged or altered
 * signature, a stale body, a keyId that does not exist, an account since deleted or banned).
 * GS2's message is not quoted: the description stays short whatever GS2 echoes.
 */
const proofRefused = (error: Gs2Error): OAuthError => {
  const stale = /expired/i.test(error.code)
  const accountGone = error.status === 404 && /account/i.test(error.code)
  const banned = /banned/i.test(error.code)
  const description = stale
    ? 'gs2Proof: is stale; authenticate the device account again and send the new body and signature'
    : accountGone
      ? 'gs2Proof: names a GS2 account that no longer exists'
      : banned
        ? 'gs2Proof: the GS2 account is banned'
        : 'gs2Proof: GS2 did not accept this body and signature (forged, altered or for another key)'
  return new OAuthError('invalid_request', `${description} [${clip(error.code, 48)}]`, {
    status: 400,
    field: 'gs2Proof',
    reason: stale ? 'gs2_proof_expired' : 'gs2_proof_invalid',
    cause: error,
  })
}

const refusedByGs2 = (error: Gs2Error): OAuthError | undefined =>
  error.status !== 400
    ? undefined
    : new OAuthError('invalid_request', `GS2 refused the request: ${clip(error.message, 200)}`, {
        status: 400,
        cause: error,
      })

/**
 * GS2 failures become OAuth answers: a 4xx about what the caller sent becomes what `refused`
 * says; everything else (our credential refused, GS2 down) is on our side or GS2's, so the client
 * hears 503 and may retry without losing its refresh token.
 */
async function call<T>(
  run: () => Promise<T>,
  refused: (error: Gs2Error) => OAuthError | undefined,
  callersFault: readonly number[] = [400, 401],
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    const mapped =
      isGs2Error(error) && error.status !== undefined && callersFault.includes(error.status)
        ? refused(error)
        : undefined
    if (mapped) throw mapped
    throw new OAuthError('temporarily_unavailable', 'GS2 is unavailable; try again shortly.', {
      status: 503,
      retryAfterSeconds: 1,
      cause: error,
    })
  }
}
