import { ValidationError } from '@gs2ez/core'
import type { GameSession } from '../gameSession.ts'
import { type EzTakeOver, EzTakeOverGameSessionDomain } from './ezTakeOverGameSessionDomain.ts'
import type { Gs2ClientParts } from './gs2Client.ts'

/** Pages read at most by `takeOvers()`: 1025 type slots at 1000 per page fit in two. */
const MAX_PAGES = 10

/**
 * `gs2.Account.Namespace(ns).Me(session)`: what the logged-in player does with their own
 * account, as Unity's EzAccountGameSessionDomain.
 */
export class EzAccountGameSessionDomain {
  readonly #parts: Gs2ClientParts
  readonly #session: GameSession
  readonly namespaceName: string

  constructor(parts: Gs2ClientParts, namespaceName: string, session: GameSession) {
    if (typeof (session as { call?: unknown } | null)?.call !== 'function') {
      throw new ValidationError('session must be a GameSession (from profile.login())', {
        field: 'session',
      })
    }
    this.#parts = parts
    this.#session = session
    this.namespaceName = namespaceName
  }

  get userId(): string | undefined {
    return this.#session.userId
  }

  /** The player's takeover setting of slot `type` (0 to 1024). */
  TakeOver(type: number): EzTakeOverGameSessionDomain {
    return new EzTakeOverGameSessionDomain(this.#parts, this.namespaceName, this.#session, type)
  }

  /** Every takeover setting of the player, by type (all pages). */
  async takeOvers(options: { signal?: AbortSignal } = {}): Promise<EzTakeOver[]> {
    const items: EzTakeOver[] = []
    let pageToken: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.#session.call((token) =>
        this.#parts.account.describeTakeOvers(
          {
            namespaceName: this.namespaceName,
            accessToken: token.token,
            limit: 1000,
            ...(pageToken === undefined ? {} : { pageToken }),
          },
          options,
        ),
      )
      items.push(...result.items)
      if (result.nextPageToken == null) return items
      pageToken = result.nextPageToken
    }
    return items
  }
}
