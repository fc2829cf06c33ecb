import type { EzStore } from './ezStore.ts'
import { checkRecord, readRecord, type StoredToken, StoredTokenSchema } from './sessionRecords.ts'

/**
 * The token record of one session, and its ONLY writer. Every path that stores a token (a
 * single tab, the cross-tab leader, a tab whose lease was taken over) goes through `commit`,
 * one compare-and-swap with one rule.
 */
export class TokenStore {
  constructor(
    readonly store: EzStore,
    readonly key: string,
  ) {}

  /**
   * The stored token, or undefined. With `now` (server epoch ms), an expired token reads as
   * absent and is deleted, like a malformed one.
   */
  async read(options: { now?: number } = {}): Promise<StoredToken | undefined> {
    const { now } = options
    const read = await readRecord(this.store, this.key, StoredTokenSchema, (token) =>
      now === undefined ? true : token.expire > now,
    )
    return read.status === 'found' ? read.value : undefined
  }

  /**
   * Stores `candidate` unless the record holds a token of the same or a later generation that
   * is still alive when the candidate was obtained; returns the record that won. A tab that
   * finishes a refresh after another tab moved on adopts the other tab's token instead of
   * rolling every tab back.
   */
  async commit(candidate: StoredToken): Promise<StoredToken> {
    const next = checkRecord(StoredTokenSchema, candidate, 'token')
    const winner = await this.store.update<unknown>(this.key, (current) => {
      const stored = StoredTokenSchema.safeParse(current)
      return stored.success &&
        stored.data.generation >= next.generation &&
        stored.data.expire > next.obtainedAt
        ? current
        : next
    })
    const parsed = StoredTokenSchema.safeParse(winner)
    return parsed.success ? parsed.data : next
  }

  /**
   * Deletes the record if it still holds `token` (the server refused it): a reload or another
   * tab must not restore a token known to be dead. A newer token stays.
   */
  async discard(token: string): Promise<void> {
    await this.store.update<unknown>(this.key, (current) => {
      const stored = StoredTokenSchema.safeParse(current)
      return stored.success && stored.data.token === token ? undefined : current
    })
  }

  /**
   * Deletes the record unless it is `userId`'s: after a takeover a reload or another tab must
   * not restore the previous account's token. One transaction decides.
   */
  async discardOtherUsers(userId: string): Promise<void> {
    await this.store.update<unknown>(this.key, (current) => {
      const stored = StoredTokenSchema.safeParse(current)
      return stored.success && stored.data.userId === userId ? current : undefined
    })
  }

  async clear(): Promise<void> {
    await this.store.del(this.key)
  }
}
