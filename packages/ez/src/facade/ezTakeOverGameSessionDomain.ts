import type { TakeOver } from '@gs2ez/account'
import { ValidationError } from '@gs2ez/core'
import type { GameSession } from '../gameSession.ts'
import { checkTakeOverType } from '../transferCode.ts'
import { DomainCache } from './domainCache.ts'
import type { Gs2ClientParts } from './gs2Client.ts'

/** GS2-Account TakeOver model: which (type, userIdentifier) leads to the player. No password. */
export type EzTakeOver = TakeOver

const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404

type CallOptions = { signal?: AbortSignal }

/** A request object; its fields are checked by the client before any request. */
export const checkRequest = <T>(request: T): T => {
  if (typeof request !== 'object' || request === null) {
    throw new ValidationError('request must be an object', { field: 'request' })
  }
  return request
}

/**
 * `gs2.Account.Namespace(ns).Me(session).TakeOver(type)`: the player's takeover setting of one
 * type slot, as Unity's EzTakeOverGameSessionDomain. Every call carries the session's access
 * token and is replayed once after a 401 (re-authenticating first).
 */
export class EzTakeOverGameSessionDomain {
  readonly #parts: Gs2ClientParts
  readonly #session: GameSession
  readonly namespaceName: string
  readonly type: number

  constructor(parts: Gs2ClientParts, namespaceName: string, session: GameSession, type: number) {
    this.#parts = parts
    this.#session = session
    this.namespaceName = namespaceName
    this.type = checkTakeOverType(type)
  }

  get userId(): string | undefined {
    return this.#session.userId
  }

  #key(userId: string): string {
    return DomainCache.key({
      service: 'account',
      namespaceName: this.namespaceName,
      userId,
      timeOffset: 0,
      model: 'TakeOver',
      id: String(this.type),
    })
  }

  #remember(item: EzTakeOver | null): void {
    this.#parts.domainCache.set(this.#key(item?.userId ?? this.userId ?? ''), item)
  }

  /** Registers `userIdentifier` + `password` for this slot (409 when the slot is taken). */
  async addTakeOverSetting(
    request: { userIdentifier: string; password: string },
    options: CallOptions = {},
  ): Promise<EzTakeOver> {
    checkRequest(request)
    const { item } = await this.#session.call((token) =>
      this.#parts.account.createTakeOver(
        {
          namespaceName: this.namespaceName,
          accessToken: token.token,
          type: this.type,
          userIdentifier: request.userIdentifier,
          password: request.password,
        },
        options,
      ),
    )
    this.#remember(item)
    return item
  }

  /** Changes the password of this slot; `oldPassword` must be the current one. */
  async updateTakeOverSetting(
    request: { oldPassword: string; password: string },
    options: CallOptions = {},
  ): Promise<EzTakeOver> {
    checkRequest(request)
    const { item } = await this.#session.call((token) =>
      this.#parts.account.updateTakeOver(
        {
          namespaceName: this.namespaceName,
          accessToken: token.token,
          type: this.type,
          oldPassword: request.oldPassword,
          password: request.password,
        },
        options,
      ),
    )
    this.#remember(item)
    return item
  }

  /** Deletes this slot's setting: its code stops working at once. */
  async deleteTakeOverSetting(options: CallOptions = {}): Promise<EzTakeOver> {
    const { item } = await this.#session.call((token) =>
      this.#parts.account.deleteTakeOver(
        { namespaceName: this.namespaceName, accessToken: token.token, type: this.type },
        options,
      ),
    )
    this.#parts.domainCache.set(this.#key(item.userId), null)
    return item
  }

  /** The setting, from the domain cache when fresh; null when the slot is empty. */
  async model(options: CallOptions = {}): Promise<EzTakeOver | null> {
    const userId = this.userId
    if (userId !== undefined) {
      const hit = this.#parts.domainCache.get<EzTakeOver>(this.#key(userId))
      if (hit.hit) return hit.value
    }
    try {
      const { item } = await this.#session.call((token) =>
        this.#parts.account.getTakeOver(
          { namespaceName: this.namespaceName, accessToken: token.token, type: this.type },
          options,
        ),
      )
      this.#remember(item)
      return item
    } catch (error) {
      if (!isNotFound(error)) throw error
      this.#remember(null)
      return null
    }
  }
}
