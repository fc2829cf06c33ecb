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
  close(): void
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
    close: () => session.close(),
  }
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
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    const mapped =
      isGs2Error(error) && (error.status === 400 || error.status === 401)
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
