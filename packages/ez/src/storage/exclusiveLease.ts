import type { Clock, Timers } from '@gs2ez/core'
import type { LeaseStore } from './leaseStore.ts'

export interface ExclusiveLeaseOptions {
  readonly clock: Clock
  readonly timers: Timers
  /** How long one holder keeps others out if it dies holding the lease. Default 10 s. */
  readonly leaseMs?: number
  /** How often a waiting tab tries again. Default 200 ms. */
  readonly pollMs?: number
  /** The longest a tab waits before it goes ahead anyway. Default 3 leases. */
  readonly waitTimeoutMs?: number
}

/**
 * Runs `fn` while holding `lease`, across the tabs of a browser: the others wait (polling the
 * store) until it is released, expires, or they have waited too long. A store that cannot
 * answer does not block: `fn` runs (what it writes will fail on its own if the store is down).
 */
export async function withExclusiveLease<T>(
  lease: LeaseStore,
  options: ExclusiveLeaseOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const { clock, timers } = options
  const leaseMs = options.leaseMs ?? 10_000
  const pollMs = options.pollMs ?? 200
  const waitTimeoutMs = options.waitTimeoutMs ?? 3 * leaseMs
  if (lease.store.kind !== 'indexeddb') return fn()
  // Counted as well as timed: the bound holds even if the device clock misbehaves.
  let waited = 0
  const deadline = clock.now() + waitTimeoutMs
  for (;;) {
    const overdue = waited >= waitTimeoutMs || clock.now() >= deadline
    let held: boolean
    let expiresAt = 0
    try {
      const claim = await lease.claim({
        fromGeneration: 0,
        now: () => clock.now(),
        leaseMs,
        force: overdue,
      })
      held = claim.held
      if (!claim.held) expiresAt = claim.expiresAt
    } catch {
      return fn()
    }
    if (held) break
    const ms = Math.max(1, Math.min(pollMs, expiresAt - clock.now()))
    await new Promise<void>((resolve) => timers.setTimeout(resolve, ms))
    waited += ms
  }
  try {
    return await fn()
  } finally {
    await lease.release().catch(() => {})
  }
}
