import type { EzStore } from './ezStore.ts'
import {
  checkRecord,
  type DeviceAccount,
  DeviceAccountSchema,
  type RecordRead,
  readRecord,
} from './sessionRecords.ts'

/** The device account record (see `sessionRecordKeys`). Malformed entries are deleted on read. */
export class DeviceAccountStore {
  constructor(
    readonly store: EzStore,
    readonly key: string,
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
}
