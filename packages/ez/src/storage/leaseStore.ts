import type { EzStore } from './ezStore.ts'
import { type Lease, LeaseSchema } from './sessionRecords.ts'

export type LeaseClaim =
  | { readonly held: true }
  | { readonly held: false; readonly expiresAt: number }

/** The cross-tab refresh lease record; each claim or release is one store transaction. */
export class LeaseStore {
  constructor(
    readonly store: EzStore,
    readonly key: string,
    readonly holder: string,
  ) {}

  /**
   * Takes the lease for the refresh past `fromGeneration` unless another holder's lease is live
   * (`force` takes it anyway). `now` and `leaseMs` are device-clock ms.
   */
  async claim(options: {
    fromGeneration: number
    now: () => number
    leaseMs: number
    force: boolean
  }): Promise<LeaseClaim> {
    let claim: LeaseClaim = { held: true }
    await this.store.update<unknown>(this.key, (current) => {
      const now = options.now()
      const parsed = LeaseSchema.safeParse(current)
      const lease = parsed.success ? parsed.data : undefined
      // A lease further out than one lease length was taken before the clock went back: void.
      const live =
        lease !== undefined &&
        lease.holder !== this.holder &&
        lease.expiresAt > now &&
        lease.expiresAt <= now + options.leaseMs
      if (live && !options.force) {
        claim = { held: false, expiresAt: lease.expiresAt }
        return current
      }
      claim = { held: true }
      const next: Lease = {
        holder: this.holder,
        generation: options.fromGeneration + 1,
        expiresAt: now + options.leaseMs,
      }
      return next
    })
    return claim
  }

  /** Frees the lease if this holder still has it. */
  async release(): Promise<void> {
    await this.store.update<unknown>(this.key, (current) => {
      const parsed = LeaseSchema.safeParse(current)
      return parsed.success && parsed.data.holder === this.holder ? undefined : current
    })
  }
}
