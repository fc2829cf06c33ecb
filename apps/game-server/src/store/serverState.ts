import type { Journal } from './journal.ts'
import { type Change, TABLE_NAMES, type TableName, type Tables } from './records.ts'

type TableMaps = { [T in TableName]: Map<string, Tables[T]> }

/**
 * All server state, in memory, with a username index. Every mutation goes through `commit`, which
 * writes the batch to the journal (fsync) before applying it, so an answer only leaves once its
 * change is on disk.
 */
export class ServerState {
  readonly #tables = Object.fromEntries(
    TABLE_NAMES.map((name) => [name, new Map()]),
  ) as unknown as TableMaps
  readonly #usernameIndex = new Map<string, string>()
  #journal: Journal | undefined

  constructor(journal?: Journal) {
    this.#journal = journal
  }

  /** Swaps the journal (after a compaction reopened it); the old one is closed by the caller. */
  setJournal(journal: Journal | undefined): void {
    this.#journal = journal
  }

  /**
   * Every record still worth keeping, as changes: what a compacted journal holds. Drops expired
   * refresh tokens, families left without tokens, expired time offset tokens and mail older than
   * `outboxRetentionMs`.
   */
  *liveRecords(now: number, outboxRetentionMs: number): Generator<Change> {
    const liveFamilies = new Set<string>()
    for (const [k, v] of this.#tables.refreshTokens) {
      if (v.expiresAt <= now) continue
      liveFamilies.add(v.familyId)
      yield { t: 'refreshTokens', k, v }
    }
    for (const [k, v] of this.#tables.families) {
      if (liveFamilies.has(k)) yield { t: 'families', k, v }
    }
    for (const [k, v] of this.#tables.timeOffsetTokens) {
      if (v.expire > now) yield { t: 'timeOffsetTokens', k, v }
    }
    for (const [k, v] of this.#tables.outbox) {
      if (v.sentAt > now - outboxRetentionMs) yield { t: 'outbox', k, v }
    }
    for (const [k, v] of this.#tables.users) yield { t: 'users', k, v }
    for (const [k, v] of this.#tables.meta) yield { t: 'meta', k, v }
  }

  get<T extends TableName>(table: T, key: string): Tables[T] | undefined {
    return this.#tables[table].get(key)
  }

  values<T extends TableName>(table: T): IterableIterator<Tables[T]> {
    return this.#tables[table].values()
  }

  userGuidByUsernameKey(usernameKey: string): string | undefined {
    return this.#usernameIndex.get(usernameKey)
  }

  commit(changes: readonly Change[]): void {
    if (changes.length === 0) return
    this.#journal?.append(changes)
    for (const change of changes) this.apply(change)
  }

  /** Applies without journaling: replay on start. */
  apply(change: Change): void {
    const map = this.#tables[change.t] as Map<string, unknown>
    if (change.t === 'users') {
      const previous = map.get(change.k) as Tables['users'] | undefined
      if (previous) this.#usernameIndex.delete(previous.usernameKey)
      if (change.v) this.#usernameIndex.set(change.v.usernameKey, change.k)
    }
    if (change.v === undefined) map.delete(change.k)
    else map.set(change.k, change.v)
  }

  close(): void {
    this.#journal?.close()
  }
}
