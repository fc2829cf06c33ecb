import type { Gs2AccountRestClient } from '@gs2ez/account'
import type { Gs2AuthRestClient } from '@gs2ez/auth'
import type { Gs2RestSession } from '@gs2ez/core'
import type { EzAccessToken } from '../ezAccessToken.ts'
import type { DomainCache } from './domainCache.ts'
import { EzAccountDomain } from './ezAccountDomain.ts'
import { EzAuthDomain } from './ezAuthDomain.ts'

export interface Gs2ClientParts {
  readonly session: Gs2RestSession
  readonly auth: Gs2AuthRestClient
  readonly account: Gs2AccountRestClient
  readonly domainCache: DomainCache
  /** The token of a logged-in session of `userId`, if any. */
  readonly liveToken?: ((userId: string) => EzAccessToken | null) | undefined
}

/**
 * The Ez facade with the names of the Unity/Unreal SDKs: `gs2.Auth.AccessToken().login(...)`,
 * `gs2.Account.Namespace('default').Account(userId).authentication(...)`. Reads go through the
 * domain cache (15 min, a 404 cached as null) like Unity's.
 */
export class Gs2Client {
  readonly Auth: EzAuthDomain
  readonly Account: EzAccountDomain
  readonly session: Gs2RestSession

  constructor(parts: Gs2ClientParts) {
    this.session = parts.session
    this.Auth = new EzAuthDomain(parts)
    this.Account = new EzAccountDomain(parts)
  }
}
