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

  async clear(): Promise<void> {
    await this.store.del(this.key)
  }

  /**
   * Forgets `userId` for good, leaving a tombstone. Only that account is deleted: if another
   * tab already stored a different one, it stays (one transaction decides).
   */
  async bury(userId: string, reason: DeviceAccountTombstoneReason, at: number): Promise<void> {
    if (this.tombstonesKey !== undefined) {
      const tombstone: DeviceAccountTombstone = { userId, at, reason }
      await this.store.update<unknown>(this.tombstonesKey, (current) => {
        const parsed = DeviceAccountTombstonesSchema.safeParse(current)
        const kept = parsed.success ? parsed.data : []
        return [...kept, tombstone].slice(-MAX_TOMBSTONES)
      })
    }
    await this.store.update<unknown>(this.key, (current) => {
      const parsed = DeviceAccountSchema.safeParse(current)
      return parsed.success && parsed.data.userId !== userId ? current : undefined
    })
  }

  /** The forgotten accounts, oldest first (empty when none or unreadable). */
  async tombstones(): Promise<readonly DeviceAccountTombstone[]> {
    if (this.tombstonesKey === undefined) return []
    const parsed = DeviceAccountTombstonesSchema.safeParse(await this.store.get(this.tombstonesKey))
    return parsed.success ? parsed.data : []
  }
}
