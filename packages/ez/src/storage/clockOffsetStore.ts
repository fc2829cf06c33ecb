import type { EzStore } from './ezStore.ts'
import { ClockOffsetSchema, readRecord } from './sessionRecords.ts'

/** The measured server-minus-device clock offset, so a reload judges expiry with it at once. */
export class ClockOffsetStore {
  constructor(
    readonly store: EzStore,
    readonly key: string,
  ) {}

  /** The persisted offset in ms, 0 when none (or the store fails). */
  async read(): Promise<number> {
    const read = await readRecord(this.store, this.key, ClockOffsetSchema).catch(() => undefined)
    return read?.status === 'found' ? read.value : 0
  }

  async write(offsetMs: number): Promise<void> {
    if (Number.isFinite(offsetMs)) await this.store.set(this.key, Math.round(offsetMs))
  }
}
