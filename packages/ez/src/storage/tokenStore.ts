import type { EzStore } from './ezStore.ts'
import type { CachedSession } from './storedToken.ts'
import { CachedSessionSchema } from './storedToken.ts'

export interface TokenCacheReadOptions {
  /** Server epoch ms: a session with `expire <= now` is discarded like a malformed one. */
  now?: number
}

/**
 * The persisted session under one key. Anything that does not parse (an older format, a
 * truncated write, another script of the origin) is deleted and reads as no session.
 */
export class TokenCache {
  constructor(
    readonly store: EzStore,
    readonly key: string,
  ) {}

  async read(options: TokenCacheReadOptions = {}): Promise<CachedSession | undefined> {
    const { now } = options
    const usable = (value: unknown): CachedSession | undefined => {
      const parsed = CachedSessionSchema.safeParse(value)
      if (!parsed.success) return undefined
      return now !== undefined && parsed.data.expire <= now ? undefined : parsed.data
    }
    const stored = await this.store.get(this.key)
    if (stored === undefined) return undefined
    const session = usable(stored)
    if (session) return session
    // Judge again inside the transaction: another tab may have written a good session since.
    const kept = await this.store.update<unknown>(this.key, (current) =>
      current === undefined || usable(current) === undefined ? undefined : current,
    )
    return kept === undefined ? undefined : usable(kept)
  }

  /**
   * Stores `session` unless the entry already holds a later generation: a tab that finishes a
   * refresh after its lease was taken over must not roll the other tabs' cache back.
   */
  async write(session: CachedSession): Promise<void> {
    const next = CachedSessionSchema.parse(session)
    await this.store.update<unknown>(this.key, (current) => {
      const stored = CachedSessionSchema.safeParse(current)
      return stored.success && stored.data.generation > next.generation ? current : next
    })
  }

  async clear(): Promise<void> {
    await this.store.del(this.key)
  }
}
