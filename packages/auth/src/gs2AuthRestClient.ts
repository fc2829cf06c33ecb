import {
  type CallOptions,
  type Gs2RestSession,
  pickCallOptions,
  requireSession,
  validateInput,
} from '@gs2ez/core'
import { type AccessTokenResult, AccessTokenResultSchema } from './models/accessTokenResult.ts'
import { FederationRequestSchema } from './models/federationRequest.ts'
import {
  type GetServiceVersionResult,
  GetServiceVersionResultSchema,
} from './models/getServiceVersionResult.ts'
import { IssueTimeOffsetTokenByUserIdRequestSchema } from './models/issueTimeOffsetTokenByUserIdRequest.ts'
import { LoginBySignatureRequestSchema } from './models/loginBySignatureRequest.ts'
import { LoginRequestSchema } from './models/loginRequest.ts'

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
    this.#session = requireSession(session)
  }

  /**
   * Issues an access token for any user without checking who they are: only for trusted servers
   * (a credential the project allows to call it). Browsers use `loginBySignature`.
   */
  async login(
    req: { userId: string; timeOffset?: number; timeOffsetToken?: string },
    options: CallOptions = {},
  ): Promise<AccessTokenResult> {
    const input = validateInput(LoginRequestSchema, req, 'login request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: '/login',
      body: compact({ userId: input.userId, timeOffset: input.timeOffset }),
      ...withTimeOffsetToken(input.timeOffsetToken),
      schema: AccessTokenResultSchema,
    })
  }

  /** Exchanges the body/signature pair from GS2-Account `authentication` for an access token. */
  async loginBySignature(
    req: { keyId?: string; body: string; signature: string },
    options: CallOptions = {},
  ): Promise<AccessTokenResult> {
    const input = validateInput(LoginBySignatureRequestSchema, req, 'loginBySignature request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: '/login/signed',
      body: { keyId: input.keyId, body: input.body, signature: input.signature },
      schema: AccessTokenResultSchema,
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
    const input = validateInput(FederationRequestSchema, req, 'federation request')
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
      schema: AccessTokenResultSchema,
    })
  }

  /** A time offset token: passing it later makes the server's "now" shifted for that user. */
  async issueTimeOffsetTokenByUserId(
    req: { userId: string; timeOffset?: number; timeOffsetToken?: string },
    options: CallOptions = {},
  ): Promise<AccessTokenResult> {
    const input = validateInput(
      IssueTimeOffsetTokenByUserIdRequestSchema,
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
      schema: AccessTokenResultSchema,
    })
  }

  async getServiceVersion(options: CallOptions = {}): Promise<GetServiceVersionResult> {
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'GET',
      path: '/system/version',
      schema: GetServiceVersionResultSchema,
    })
  }
}
