import type { EzStore } from './ezStore.ts'
import {
  checkRecord,
  type DeviceAccount,
  DeviceAccountSchema,
  type DeviceAccountTombstone,
  type DeviceAccountTombstoneReason,
  DeviceAccountTombstonesSchema,
  type RecordRead,
  readRecord,
} from './sessionRecords.ts'

/** Tombstones kept per namespace: the newest ones, enough for support, bounded in size. */
const MAX_TOMBSTONES = 20

/** The device account record (see `sessionRecordKeys`). Malformed entries are deleted on read. */
export class DeviceAccountStore {
  constructor(
    readonly store: EzStore,
    readonly key: string,
    /** Where forgotten accounts are recorded (`sessionRecordKeys().deviceAccountTombstones`). */
    readonly tombstonesKey?: string,
  ) {}

  /** The account, or why there is none (absent, and whether a healthy store confirmed it). */
  load(): Promise<RecordRead<DeviceAccount>> {
    return readRecord(this.store, this.key, DeviceAccountSchema)
  }

  async read(): Promise<DeviceAccount | undefined> {
    const read = await this.load()
    return read.status === 'found' ? read.value : undefined
  }

  async write(account: DeviceAccount): Promise<void> {
    await this.store.set(this.key, checkRecord(DeviceAccountSchema, account, 'deviceAccount'))
  }

  /**
   * Stores `account` only where no account is stored (a first run, or a store that lost the
   * account a live session plays): one transaction decides, so an account another tab stored
   * meanwhile (a takeover) is never overwritten. Returns the account stored afterwards.
   */
  async writeIfAbsent(account: DeviceAccount): Promise<DeviceAccount> {
    const next = checkRecord(DeviceAccountSchema, account, 'deviceAccount')
    const winner = await this.store.update<unknown>(this.key, (current) =>
      DeviceAccountSchema.safeParse(current).success ? current : next,
    )
    const parsed = DeviceAccountSchema.safeParse(winner)
    return parsed.success ? parsed.data : next
  }

  /**
   * Makes `account` the device account whatever was stored (a takeover): the previous one, if
   * it was another user, is kept as a tombstone with `reason`. The account is written first:
   * a crash in between costs a support record, never the player's way back in.
   */
  async replace(
    account: DeviceAccount,
    reason: DeviceAccountTombstoneReason,
    at: number,
  ): Promise<DeviceAccount | undefined> {
    const next = checkRecord(DeviceAccountSchema, account, 'deviceAccount')
    let previous: DeviceAccount | undefined
    await this.store.update<unknown>(this.key, (current) => {
      const parsed = DeviceAccountSchema.safeParse(current)
      previous = parsed.success ? parsed.data : undefined
      return next
    })
    if (previous !== undefined && previous.userId !== next.userId) {
      await this.#addTombstone({ userId: previous.userId, at, reason })
    }
    return previous
  }

  async clear(): Promise<void> {
    await this.store.del(this.key)
  }

  /**
   * Forgets `userId` for good, leaving a tombstone. Only that account is deleted: if another
   * tab already stored a different one, it stays (one transaction decides). With `password`,
   * only that very credential goes: a new password stored for the same user (a takeover in
   * another tab) stays, and nothing is buried. Returns whether the stored account was it.
   */
  async bury(
    userId: string,
    reason: DeviceAccountTombstoneReason,
    at: number,
    password?: string,
  ): Promise<boolean> {
    let buried = true
    await this.store.update<unknown>(this.key, (current) => {
      const parsed = DeviceAccountSchema.safeParse(current)
      if (!parsed.success) return undefined
      const same =
        parsed.data.userId === userId &&
        (password === undefined || parsed.data.password === password)
      if (same) return undefined
      buried = parsed.data.userId !== userId
      return current
    })
    if (buried) await this.#addTombstone({ userId, at, reason })
    return buried
  }

  async #addTombstone(tombstone: DeviceAccountTombstone): Promise<void> {
    if (this.tombstonesKey === undefined) return
    await this.store.update<unknown>(this.tombstonesKey, (current) => {
      const parsed = DeviceAccountTombstonesSchema.safeParse(current)
      const kept = parsed.success ? parsed.data : []
      return [...kept, tombstone].slice(-MAX_TOMBSTONES)
    })
  }

  /** The forgotten accounts, oldest first (empty when none or unreadable). */
  async tombstones(): Promise<readonly DeviceAccountTombstone[]> {
    if (this.tombstonesKey === undefined) return []
    const parsed = DeviceAccountTombstonesSchema.safeParse(await this.store.get(this.tombstonesKey))
    return parsed.success ? parsed.data : []
  }
}
