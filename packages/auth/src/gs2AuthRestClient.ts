import {
  type CallOptions,
  type Gs2RestSession,
  pickCallOptions,
  ValidationError,
  validateInput,
} from '@gs2ez/core'
import type { AccessTokenResult } from './models/accessTokenResult.ts'
import type { GetServiceVersionResult } from './models/getServiceVersionResult.ts'
import {
  FederationRequestMiniSchema,
  IssueTimeOffsetTokenByUserIdRequestMiniSchema,
  LoginBySignatureRequestMiniSchema,
  LoginRequestMiniSchema,
} from './models/mini/requests.ts'
import {
  AccessTokenResultMiniSchema,
  GetServiceVersionResultMiniSchema,
} from './models/mini/results.ts'

const SERVICE = 'auth'

// Wire bodies leave unset keys out (as the C# SDK does) rather than sending nulls.
const compact = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))

const withTimeOffsetToken = (token: string | undefined) =>
  token === undefined ? {} : { timeOffsetToken: token }

/** GS2-Auth over REST: issues user access tokens. */
export class Gs2AuthRestClient {
  readonly #session: Gs2RestSession

  constructor(session: Gs2RestSession) {
    if (typeof (session as { request?: unknown } | undefined)?.request !== 'function') {
      throw new ValidationError('session must be a Gs2RestSession', {
        field: 'session',
        reason: 'invalid_type',
      })
    }
    this.#session = session
  }

  /**
   * Issues an access token for any user without checking who they are: only for trusted servers
   * (a credential the project allows to call it). Browsers use `loginBySignature`.
   */
  async login(
    req: { userId: string; timeOffset?: number; timeOffsetToken?: string },
    options: CallOptions = {},
  ): Promise<AccessTokenResult> {
    const input = validateInput(LoginRequestMiniSchema, req, 'login request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: '/login',
      body: compact({ userId: input.userId, timeOffset: input.timeOffset }),
      ...withTimeOffsetToken(input.timeOffsetToken),
      schema: AccessTokenResultMiniSchema,
    })
  }

  /** Exchanges the body/signature pair from GS2-Account `authentication` for an access token. */
  async loginBySignature(
    req: { keyId?: string; body: string; signature: string },
    options: CallOptions = {},
  ): Promise<AccessTokenResult> {
    const input = validateInput(LoginBySignatureRequestMiniSchema, req, 'loginBySignature request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: '/login/signed',
      body: { keyId: input.keyId, body: input.body, signature: input.signature },
      schema: AccessTokenResultMiniSchema,
    })
  }

  /** A token to act as `userId` on behalf of `originalUserId`, narrowed by `policyDocument`. */
  async federation(
    req: {
      originalUserId: string
      userId: string
      policyDocument?: string
      timeOffset?: number
      timeOffsetToken?: string
    },
    options: CallOptions = {},
  ): Promise<AccessTokenResult> {
    const input = validateInput(FederationRequestMiniSchema, req, 'federation request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: '/federation',
      body: compact({
        originalUserId: input.originalUserId,
        userId: input.userId,
        policyDocument: input.policyDocument,
        timeOffset: input.timeOffset,
      }),
      ...withTimeOffsetToken(input.timeOffsetToken),
      schema: AccessTokenResultMiniSchema,
    })
  }

  /** A time offset token: passing it later makes the server's "now" shifted for that user. */
  async issueTimeOffsetTokenByUserId(
    req: { userId: string; timeOffset?: number; timeOffsetToken?: string },
    options: CallOptions = {},
  ): Promise<AccessTokenResult> {
    const input = validateInput(
      IssueTimeOffsetTokenByUserIdRequestMiniSchema,
      req,
      'issueTimeOffsetTokenByUserId request',
    )
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: '/timeoffset/token',
      body: compact({ userId: input.userId, timeOffset: input.timeOffset }),
      ...withTimeOffsetToken(input.timeOffsetToken),
      schema: AccessTokenResultMiniSchema,
    })
  }

  async getServiceVersion(options: CallOptions = {}): Promise<GetServiceVersionResult> {
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'GET',
      path: '/system/version',
      schema: GetServiceVersionResultMiniSchema,
    })
  }
}
