import type { AccessTokenRecord, Change, TableName, Tables } from './records.ts'
import { TABLE_NAMES } from './records.ts'

export type TableMaps = { [T in TableName]: Map<string, Tables[T]> }

/** A sink that makes a batch of changes durable before they are applied (the journal). */
export interface ChangeSink {
  append(changes: readonly Change[]): void
}

const emptyTables = (): TableMaps =>
  Object.fromEntries(TABLE_NAMES.map((name) => [name, new Map()])) as unknown as TableMaps

/**
 * All emulator state, in memory. Every mutation goes through `commit`, which hands the batch to
 * the journal first, so an answer is only sent once its change is on disk.
 */
export class EmulatorState {
  tables: TableMaps = emptyTables()
  /** tokenId -> token hash, so the admin API can address a token without knowing it. */
  readonly #tokenIdIndex = new Map<string, string>()
  #sink: ChangeSink | undefined

  setSink(sink: ChangeSink | undefined): void {
    this.#sink = sink
  }

  get<T extends TableName>(table: T, key: string): Tables[T] | undefined {
    return this.tables[table].get(key)
  }

  commit(changes: readonly Change[]): void {
    if (changes.length === 0) return
    this.#sink?.append(changes)
    for (const change of changes) this.apply(change)
  }

  /** Applies without journaling: replay, and purges whose effect a restart reproduces anyway. */
  apply(change: Change): void {
    const map = this.tables[change.t] as Map<string, unknown>
    if (change.t === 'accessTokens') {
      const previous = map.get(change.k) as AccessTokenRecord | undefined
      if (previous) this.#tokenIdIndex.delete(previous.tokenId)
      if (change.v) this.#tokenIdIndex.set(change.v.tokenId, change.k)
    }
    if (change.v === undefined) map.delete(change.k)
    else map.set(change.k, change.v)
  }

  clear(): void {
    this.tables = emptyTables()
    this.#tokenIdIndex.clear()
  }

  tokenHashById(tokenId: string): string | undefined {
    return this.#tokenIdIndex.get(tokenId)
  }

  /** Every live record as changes, for a snapshot. */
  *snapshot(): Generator<Change> {
    for (const t of TABLE_NAMES) {
      for (const [k, v] of this.tables[t]) yield { t, k, v } as Change
    }
  }

  /** Drops expired tokens and avoiders from memory; returns how many went. */
  purgeExpired(now: number): number {
    let purged = 0
    const sweep = <T extends TableName>(table: T, expiry: (record: Tables[T]) => number) => {
      for (const [k, v] of this.tables[table]) {
        if (expiry(v) <= now) {
          this.apply({ t: table, k } as Change)
          purged++
        }
      }
    }
    sweep('projectTokens', (r) => r.expiresAt)
    sweep('accessTokens', (r) => r.expire)
    sweep('timeOffsetTokens', (r) => r.expire)
    sweep('avoiders', (r) => r.expiresAt)
    return purged
  }
}
