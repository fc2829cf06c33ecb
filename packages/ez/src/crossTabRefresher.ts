import type { Clock, Timers } from '@gs2ez/core'
import {
  type CrossTabEnvelope,
  CrossTabEnvelopeSchema,
  type CrossTabMessage,
  CrossTabMessageSchema,
} from './crossTabMessage.ts'
import { DisposedError } from './ezError.ts'
import { commitFresh, nextGeneration, type Refresher } from './refresher.ts'
import type { LeaseClaim, LeaseStore } from './storage/leaseStore.ts'
import type { StoredToken } from './storage/sessionRecords.ts'
import type { TokenStore } from './storage/tokenStore.ts'

/** The part of BroadcastChannel the refresher uses. */
export interface CrossTabChannel {
  postMessage(message: unknown): void
  close(): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

export interface CrossTabRefresherOptions {
  /** The token record: read and compare-and-swapped there; the channel is named after its key. */
  tokens: TokenStore
  /** The lease record, next to the token; its holder is this tab. */
  lease: LeaseStore
  broadcastChannel?: ((name: string) => CrossTabChannel | undefined) | undefined
  clock: Clock
  timers: Timers
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

/**
 * Posts `message` to the other tabs listening on the token record `tokensKey` from a tab that
 * may have no session there (a takeover from the title screen). Best effort, like every
 * broadcast: a tab that misses it learns the same from the store on its next refresh.
 */
export function postToOtherTabs(options: {
  tokensKey: string
  tabId: string
  message: CrossTabMessage
  broadcastChannel?: ((name: string) => CrossTabChannel | undefined) | undefined
}): void {
  const envelope: CrossTabEnvelope = {
    gs2ez: 1,
    from: options.tabId,
    message: CrossTabMessageSchema.parse(options.message),
  }
  let channel: CrossTabChannel | undefined
  try {
    channel = (options.broadcastChannel ?? defaultBroadcastChannel)(`gs2ez:${options.tokensKey}`)
    channel?.postMessage(envelope)
  } catch {
    // No channel here: the other tabs find out on their next refresh.
  } finally {
    try {
      channel?.close()
    } catch {
      // Already closed.
    }
  }
}

// Listener errors are the listener's bug: report them like an uncaught error, never let one
// stop the others or the refresher.
const reportListenerError = (error: unknown) => {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof report === 'function') report(error)
}

const noop = () => {}

/**
 * The local refresher plus cross-tab single flight, without locks held across anything: an
 * IndexedDB readwrite transaction is the compare-and-swap that hands one tab a short lease, the
 * lease frees itself by expiry, and the others adopt the stored token when it lands (woken by
 * BroadcastChannel, or by polling). It replaces the Web Locks of Supabase auth-js, whose
 * deadlocks came from holding a lock across user callbacks and the network (auth-js #762,
 * #1119, supabase-js #2111, #2426). With a memory store (nothing to share) it is the local one.
 */
export function createCrossTabRefresher(options: CrossTabRefresherOptions): Refresher {
  const { tokens, lease, clock, timers } = options
  const leaseMs = options.leaseMs ?? 10_000
  const waitTimeoutMs = options.waitTimeoutMs ?? 3 * leaseMs
  const pollMs = options.pollMs ?? 500
  const tabId = lease.holder

  let channel: CrossTabChannel | undefined
  let channelTried = false
  let closed = false
  const listeners = new Set<(message: CrossTabMessage) => void>()
  const wakers = new Set<() => void>()
  const flights = new Map<number, Promise<StoredToken>>()

  const wakeAll = () => {
    for (const wake of [...wakers]) wake()
  }

  const onMessage = (event: { data: unknown }) => {
    const parsed = CrossTabEnvelopeSchema.safeParse(event.data)
    if (!parsed.success || parsed.data.from === tabId) return
    const { message } = parsed.data
    // A waiting tab re-reads the store rather than trusting the message: the store is the truth.
    if (message.type === 'token') wakeAll()
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
        channel = (options.broadcastChannel ?? defaultBroadcastChannel)(`gs2ez:${tokens.key}`)
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

  const broadcast = (token: StoredToken): StoredToken => {
    if (!closed) post({ type: 'token', token })
    return token
  }

  const lead = async (
    fromGeneration: number,
    authenticate: () => Promise<StoredToken>,
  ): Promise<StoredToken> => {
    let fresh: StoredToken
    try {
      fresh = nextGeneration(await authenticate(), fromGeneration)
    } catch (error) {
      // Free the lease at once so another tab can try without waiting for expiry.
      await lease.release().catch(noop)
      throw error
    }
    // Commit before release: a tab that claims after the release must see the new generation.
    const final = await tokens.commit(fresh).catch(() => fresh)
    await lease.release().catch(noop)
    return broadcast(final)
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

  const runLocally = async (fromGeneration: number, authenticate: () => Promise<StoredToken>) =>
    broadcast(await commitFresh(tokens, fromGeneration, authenticate))

  const coordinate = async (
    fromGeneration: number,
    authenticate: () => Promise<StoredToken>,
  ): Promise<StoredToken> => {
    // Lets the other tabs' broadcasts wake this one.
    getChannel()
    const deadline = clock.now() + waitTimeoutMs
    let waited = 0
    for (;;) {
      if (closed) throw new DisposedError('the cross-tab refresher')
      // A memory store is this tab's alone: there is nobody to coordinate with.
      if (tokens.store.kind !== 'indexeddb') return runLocally(fromGeneration, authenticate)
      let claim: LeaseClaim
      try {
        const stored = await tokens.read()
        if (stored !== undefined && stored.generation > fromGeneration) return stored
        const overdue = waited >= waitTimeoutMs || clock.now() >= deadline
        claim = await lease.claim({
          fromGeneration,
          now: () => clock.now(),
          leaseMs,
          force: overdue,
        })
        if (claim.held) {
          // Another tab may have committed and released between our read and our claim.
          const again = await tokens.read()
          if (again !== undefined && again.generation > fromGeneration) {
            await lease.release()
            return again
          }
        }
      } catch {
        return runLocally(fromGeneration, authenticate)
      }
      if (claim.held) return lead(fromGeneration, authenticate)
      waited += await waitForChange(Math.min(claim.expiresAt, deadline))
    }
  }

  return {
    refresh(fromGeneration, authenticate) {
      if (closed) return Promise.reject(new DisposedError('the cross-tab refresher'))
      const existing = flights.get(fromGeneration)
      if (existing) return existing
      const flight = coordinate(fromGeneration, authenticate).finally(() => {
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
