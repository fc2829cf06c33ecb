import type { Account, BanStatus } from '@gs2ez/account'
import { checkString } from '../checkString.ts'
import type { GameSession } from '../gameSession.ts'
import { resolveKeyId } from '../keyId.ts'
import { DomainCache } from './domainCache.ts'
import { EzAccountGameSessionDomain } from './ezAccountGameSessionDomain.ts'
import { checkRequest } from './ezTakeOverGameSessionDomain.ts'
import type { Gs2ClientParts } from './gs2Client.ts'

export type EzAccount = Account

export interface EzAuthenticationResult {
  readonly item: EzAccount
  readonly banStatuses: readonly BanStatus[]
  /** Opaque: pass both to `gs2.Auth.AccessToken().login({ body, signature })`. */
  readonly body: string
  readonly signature: string
}

const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404

/** `gs2.Account.Namespace(ns).Account(userId)`. */
export class EzAccountAccountDomain {
  readonly #parts: Gs2ClientParts
  readonly namespaceName: string
  readonly userId: string

  constructor(parts: Gs2ClientParts, namespaceName: string, userId: string) {
    checkString(userId, 'userId', 128)
    this.#parts = parts
    this.namespaceName = namespaceName
    this.userId = userId
  }

  get #key(): string {
    return DomainCache.key({
      service: 'account',
      namespaceName: this.namespaceName,
      userId: this.userId,
      timeOffset: 0,
      model: 'Account',
      id: this.userId,
    })
  }

  /** Checks the password; returns the signed body/signature for `Auth.AccessToken().login`. */
  async authentication(
    request: { password: string; keyId?: string },
    options: { signal?: AbortSignal } = {},
  ): Promise<EzAuthenticationResult> {
    const { account, session, domainCache } = this.#parts
    const result = await account.authentication(
      {
        namespaceName: this.namespaceName,
        userId: this.userId,
        password: request.password,
        keyId: resolveKeyId(request.keyId, session),
      },
      options,
    )
    domainCache.set(this.#key, result.item)
    return result
  }

  /** The Account model, from the domain cache when fresh (a missing account is cached as null). */
  async model(options: { signal?: AbortSignal } = {}): Promise<EzAccount | null> {
    const { account, domainCache } = this.#parts
    const hit = domainCache.get<EzAccount>(this.#key)
    if (hit.hit) return hit.value
    try {
      const { item } = await account.getAccount(
        { namespaceName: this.namespaceName, userId: this.userId },
        options,
      )
      domainCache.set(this.#key, item)
      return item
    } catch (error) {
      if (!isNotFound(error)) throw error
      domainCache.set(this.#key, null)
      return null
    }
  }
}

/** `gs2.Account.Namespace(ns)`. */
export class EzAccountNamespaceDomain {
  readonly #parts: Gs2ClientParts
  readonly namespaceName: string

  constructor(parts: Gs2ClientParts, namespaceName: string) {
    checkString(namespaceName, 'namespaceName', 128)
    this.#parts = parts
    this.namespaceName = namespaceName
  }

  /** Creates an account (its password is returned only here: store it). */
  async create(options: { signal?: AbortSignal } = {}): Promise<EzAccount> {
    const { item } = await this.#parts.account.createAccount(
      { namespaceName: this.namespaceName },
      options,
    )
    this.#parts.domainCache.set(
      DomainCache.key({
        service: 'account',
        namespaceName: this.namespaceName,
        userId: item.userId,
        timeOffset: 0,
        model: 'Account',
        id: item.userId,
      }),
      item,
    )
    return item
  }

  Account(userId: string): EzAccountAccountDomain {
    return new EzAccountAccountDomain(this.#parts, this.namespaceName, userId)
  }

  /** The logged-in player's own account (takeover settings), as Unity's `Me(gameSession)`. */
  Me(session: GameSession): EzAccountGameSessionDomain {
    return new EzAccountGameSessionDomain(this.#parts, this.namespaceName, session)
  }

  /**
   * GS2-Account doTakeOver, as Unity's `DoTakeOverAsync`: the account a takeover setting leads
   * to, with a password to log in with (store it). Sent as is: `profile.takeOver()` is the
   * transfer-code flow that also stores the account and logs in.
   */
  async doTakeOver(
    request: { type?: number; userIdentifier: string; password: string },
    options: { signal?: AbortSignal } = {},
  ): Promise<EzAccount> {
    checkRequest(request)
    const { item } = await this.#parts.account.doTakeOver(
      {
        namespaceName: this.namespaceName,
        type: request.type ?? 0,
        userIdentifier: request.userIdentifier,
        password: request.password,
      },
      options,
    )
    return item
  }
}

/** `gs2.Account`. */
export class EzAccountDomain {
  readonly #parts: Gs2ClientParts

  constructor(parts: Gs2ClientParts) {
    this.#parts = parts
  }

  Namespace(namespaceName: string): EzAccountNamespaceDomain {
    return new EzAccountNamespaceDomain(this.#parts, namespaceName)
  }
}
