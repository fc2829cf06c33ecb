import type { Clock, Timers } from '@gs2ez/core'
import {
  type CrossTabEnvelope,
  CrossTabEnvelopeSchema,
  type CrossTabLease,
  CrossTabLeaseSchema,
  type CrossTabMessage,
  CrossTabMessageSchema,
} from './crossTabMessage.ts'
import { DisposedError } from './ezError.ts'
import type { EzStore } from './storage/ezStore.ts'
import { type CachedSession, CachedSessionSchema } from './storage/storedToken.ts'

export type { CrossTabMessage } from './crossTabMessage.ts'

export interface CrossTabCoordinator {
  /**
   * Exactly one tab runs `refresh` to move past `fromGeneration`; others wait (bounded) and adopt
   * its result. A lease in the store (via update()) frees itself after leaseMs if its tab dies;
   * nothing is held across user callbacks. Falls back to running `refresh` locally when the store
   * is in memory (nothing to share) or unusable.
   */
  refresh(fromGeneration: number, refresh: () => Promise<CachedSession>): Promise<CachedSession>
  /** Messages from OTHER tabs; a tab never hears its own. */
  subscribe(listener: (message: CrossTabMessage) => void): () => void
  announce(message: CrossTabMessage): void
  close(): void
}

/** The part of BroadcastChannel the coordinator uses. */
export interface CrossTabChannel {
  postMessage(message: unknown): void
  close(): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

export interface CrossTabCoordinatorOptions {
  /**
   * The session's cache key (the TokenCache entry): the session is read and compare-and-swapped
   * there, the lease lives at `${key}#lease`, and the channel is named after it.
   */
  key: string
  store: EzStore
  tabId?: string
  broadcastChannel?: (name: string) => CrossTabChannel | undefined
  clock: Clock
  timers: Timers
  random?: () => number
  /** How long a claim on the refresh lasts. Default 10 s. */
  leaseMs?: number
  /**
   * The longest a tab waits for others in one refresh() before it refreshes by itself, a bound
   * that holds even if the wall clock misbehaves. Default 3 leases.
   */
  waitTimeoutMs?: number
  /** How often a waiting tab looks at the store when no broadcast arrives. Default 500 ms. */
  pollMs?: number
}

const defaultBroadcastChannel = (name: string): CrossTabChannel | undefined => {
  if (typeof BroadcastChannel !== 'function') return undefined
  const channel = new BroadcastChannel(name)
  // Node's channel keeps the process alive; a game server must be able to exit without close().
  ;(channel as { unref?: () => void }).unref?.()
  return channel as unknown as CrossTabChannel
}

const parseSession = (value: unknown): CachedSession | undefined => {
  const parsed = CachedSessionSchema.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

const parseLease = (value: unknown): CrossTabLease | undefined => {
  const parsed = CrossTabLeaseSchema.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

// Listener errors are the listener's bug: report them like an uncaught error, never let one
// stop the others or the coordinator.
const reportListenerError = (error: unknown) => {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === 'function') report(error)
}

const noop = () => {}

type Claim = { held: true } | { held: false; expiresAt: number }

/**
 * Cross-tab refresh without locks held across anything: an IndexedDB readwrite transaction is
 * the compare-and-swap that hands one tab a short lease, the lease frees itself by expiry, and
 * the others adopt the stored result when it lands (woken by BroadcastChannel, or by polling).
 * It replaces the Web Locks of Supabase auth-js, whose deadlocks came from holding a lock across
 * user callbacks and the network (auth-js #762, #1119, supabase-js #2111, #2426).
 */
export function createCrossTabCoordinator(
  options: CrossTabCoordinatorOptions,
): CrossTabCoordinator {
  const { key, store, clock, timers } = options
  const leaseMs = options.leaseMs ?? 10_000
  const waitTimeoutMs = options.waitTimeoutMs ?? 3 * leaseMs
  const pollMs = options.pollMs ?? 500
  const random = options.random ?? (() => Math.random())
  const tabId =
    options.tabId ??
    `${Math.floor(random() * 2 ** 48).toString(36)}${clock.now().toString(36)}`.slice(0, 64)
  const leaseKey = `${key}#lease`

  let channel: CrossTabChannel | undefined
  let channelTried = false
  let closed = false
  const listeners = new Set<(message: CrossTabMessage) => void>()
  const wakers = new Set<() => void>()
  const flights = new Map<number, Promise<CachedSession>>()

  const wakeAll = () => {
    for (const wake of [...wakers]) wake()
  }

  const onMessage = (event: { data: unknown }) => {
    const parsed = CrossTabEnvelopeSchema.safeParse(event.data)
    if (!parsed.success || parsed.data.from === tabId) return
    const { message } = parsed.data
    // A waiting tab re-reads the store rather than trusting the message: the store is the truth.
    if (message.type === 'session') wakeAll()
    for (const listener of [...listeners]) {
      try {
        listener(message)
      } catch (error) {
        reportListenerError(error)
      }
    }
  }

  const getChannel = (): CrossTabChannel | undefined => {
    if (closed) return undefined
    if (!channelTried) {
      channelTried = true
      try {
        channel = (options.broadcastChannel ?? defaultBroadcastChannel)(`gs2ez:${key}`)
        channel?.addEventListener('message', onMessage)
      } catch {
        channel = undefined
      }
    }
    return channel
  }

  const post = (message: CrossTabMessage) => {
    const envelope: CrossTabEnvelope = { gs2ez: 1, from: tabId, message }
    try {
      getChannel()?.postMessage(envelope)
    } catch {
      // A closed or unclonable channel only costs the other tabs a poll.
    }
  }

  const readSession = async () => parseSession(await store.get(key))

  const tryClaim = async (fromGeneration: number, force: boolean): Promise<Claim> => {
    let claim: Claim = { held: true }
    await store.update<unknown>(leaseKey, (current) => {
      const now = clock.now()
      const lease = parseLease(current)
      // A lease further out than one lease length was taken before the clock went back: void.
      const live =
        lease !== undefined &&
        lease.holder !== tabId &&
        lease.expiresAt > now &&
        lease.expiresAt <= now + leaseMs
      if (live && !force) {
        claim = { held: false, expiresAt: lease.expiresAt }
        return current
      }
      claim = { held: true }
      const next: CrossTabLease = {
        holder: tabId,
        generation: fromGeneration + 1,
        expiresAt: now + leaseMs,
      }
      return next
    })
    return claim
  }

  const release = async () => {
    await store.update<unknown>(leaseKey, (current) =>
      parseLease(current)?.holder === tabId ? undefined : current,
    )
  }

  /** Stores `session` unless a session of the same or a later generation got there first. */
  const commit = async (session: CachedSession): Promise<CachedSession> => {
    const winner = await store.update<unknown>(key, (current) => {
      const stored = parseSession(current)
      return stored !== undefined && stored.generation >= session.generation ? current : session
    })
    return parseSession(winner) ?? session
  }

  const produce = async (
    fromGeneration: number,
    refresh: () => Promise<CachedSession>,
  ): Promise<CachedSession> => {
    const produced = await refresh()
    return { ...produced, generation: Math.max(produced.generation, fromGeneration + 1) }
  }

  const runLocally = async (
    fromGeneration: number,
    refresh: () => Promise<CachedSession>,
  ): Promise<CachedSession> => {
    const session = await produce(fromGeneration, refresh)
    const final = await commit(session).catch(() => session)
    if (!closed) post({ type: 'session', session: final })
    return final
  }

  const lead = async (
    fromGeneration: number,
    refresh: () => Promise<CachedSession>,
  ): Promise<CachedSession> => {
    let session: CachedSession
    try {
      session = await produce(fromGeneration, refresh)
    } catch (error) {
      // Free the lease at once so another tab can try without waiting for expiry.
      await release().catch(noop)
      throw error
    }
    // Commit before release: a tab that claims after the release must see the new generation.
    const final = await commit(session).catch(() => session)
    await release().catch(noop)
    if (!closed) post({ type: 'session', session: final })
    return final
  }

  const waitForChange = (until: number): Promise<number> =>
    new Promise((resolve) => {
      const ms = Math.max(1, Math.min(pollMs, until - clock.now()))
      const done = () => {
        timers.clearTimeout(handle)
        wakers.delete(done)
        resolve(ms)
      }
      const handle = timers.setTimeout(done, ms)
      wakers.add(done)
    })

  const coordinate = async (
    fromGeneration: number,
    refresh: () => Promise<CachedSession>,
  ): Promise<CachedSession> => {
    // Lets the other tabs' broadcasts wake this one.
    getChannel()
    const deadline = clock.now() + waitTimeoutMs
    let waited = 0
    for (;;) {
      if (closed) throw new DisposedError('the cross-tab refresher')
      // A memory store is this tab's alone: there is nobody to coordinate with.
      if (store.kind !== 'indexeddb') return runLocally(fromGeneration, refresh)
      let claim: Claim
      try {
        const stored = await readSession()
        if (stored !== undefined && stored.generation > fromGeneration) return stored
        const overdue = waited >= waitTimeoutMs || clock.now() >= deadline
        claim = await tryClaim(fromGeneration, overdue)
        if (claim.held) {
          // Another tab may have committed and released between our read and our claim.
          const again = await readSession()
          if (again !== undefined && again.generation > fromGeneration) {
            await release()
            return again
          }
        }
      } catch {
        return runLocally(fromGeneration, refresh)
      }
      if (claim.held) return lead(fromGeneration, refresh)
      waited += await waitForChange(Math.min(claim.expiresAt, deadline))
    }
  }

  return {
    refresh(fromGeneration, refresh) {
      if (closed) return Promise.reject(new DisposedError('the cross-tab refresher'))
      const existing = flights.get(fromGeneration)
      if (existing) return existing
      const flight = coordinate(fromGeneration, refresh).finally(() => {
        flights.delete(fromGeneration)
      })
      flights.set(fromGeneration, flight)
      return flight
    },
    subscribe(listener) {
      getChannel()
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    announce(message) {
      if (closed) return
      post(CrossTabMessageSchema.parse(message))
    },
    close() {
      if (closed) return
      closed = true
      listeners.clear()
      wakeAll()
      try {
        channel?.close()
      } catch {
        // Already closed.
      }
      channel = undefined
    },
  }
}
