import type { EzAccessToken } from '../ezAccessToken.ts'
import { resolveKeyId } from '../keyId.ts'
import { DomainCache } from './domainCache.ts'
import type { Gs2ClientParts } from './gs2Client.ts'

export interface EzLoginRequest {
  readonly body: string
  readonly signature: string
  /** Default `grn:gs2:{region}:{ownerId}:key:default:key:default`. */
  readonly keyId?: string
}

/** `gs2.Auth.AccessToken()`: the GS2-Auth login that turns a signed body into a token. */
export class EzAccessTokenDomain {
  readonly #parts: Gs2ClientParts

  constructor(parts: Gs2ClientParts) {
    this.#parts = parts
  }

  /** loginBySignature; the token is kept in the domain cache under its user id. */
  async login(
    request: EzLoginRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<EzAccessToken> {
    const { session, auth, domainCache } = this.#parts
    const result = await auth.loginBySignature(
      {
        keyId: resolveKeyId(request.keyId, session),
        body: request.body,
        signature: request.signature,
      },
      options,
    )
    const token: EzAccessToken = {
      token: result.token,
      userId: result.userId,
      expire: result.expire,
    }
    domainCache.set(accessTokenKey(result.userId), token)
    return token
  }

  /** The token of `userId`: a logged-in session's, else the last one this facade obtained. */
  cached(userId: string): EzAccessToken | null {
    const live = this.#parts.liveToken?.(userId)
    if (live != null) return live
    const hit = this.#parts.domainCache.get<EzAccessToken>(accessTokenKey(userId))
    return hit.hit ? hit.value : null
  }
}

/** Where the AccessToken model of `userId` lives in the domain cache. */
export const accessTokenKey = (userId: string) =>
  DomainCache.key({
    service: 'auth',
    namespaceName: '',
    userId,
    timeOffset: 0,
    model: 'AccessToken',
    id: userId,
  })

/** `gs2.Auth`. */
export class EzAuthDomain {
  readonly #parts: Gs2ClientParts

  constructor(parts: Gs2ClientParts) {
    this.#parts = parts
  }

  AccessToken(): EzAccessTokenDomain {
    return new EzAccessTokenDomain(this.#parts)
  }
}
