import { systemClock, systemTimers } from '@gs2ez/core'
import { IDBDatabase as FakeIDBDatabase, IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { CrossTabMessage } from '../crossTabMessage.ts'
import { type CrossTabRefresherOptions, createCrossTabRefresher } from '../crossTabRefresher.ts'
import { DisposedError } from '../ezError.ts'
import type { Refresher } from '../refresher.ts'
import { type EzStore, openEzStore } from '../storage/ezStore.ts'
import { LeaseStore } from '../storage/leaseStore.ts'
import { createMemoryStore } from '../storage/memoryStore.ts'
import type { StoredToken } from '../storage/sessionRecords.ts'
import { TokenStore } from '../storage/tokenStore.ts'

// Each "tab" is its own store connection and coordinator over one fake-indexeddb factory, and
// talks over Node's real BroadcastChannel, which delivers between instances of one process.
// fake-indexeddb runs on setImmediate, so only setTimeout and Date are virtual.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 })
})

const KEY = 'gs2ez/session/test'
const LEASE_MS = 10_000
// Core's defaults look the globals up at call time, so vitest's fake timers drive them.
const clock = systemClock
const timers = systemTimers

const opened: { close(): void }[] = []
afterEach(() => {
  for (const thing of opened.splice(0).reverse()) thing.close()
  vi.useRealTimers()
})

interface Tab {
  store: EzStore
  coordinator: Refresher
}

type TabOptions = Partial<Omit<CrossTabRefresherOptions, 'tokens' | 'lease'>> & { store?: EzStore }

// Each tab wires the same records Profile does: the token record and its lease, over one store.
function makeTab(factory: IDBFactory, id: string, extra: TabOptions = {}): Tab {
  const { store: given, ...options } = extra
  const store = given ?? openEzStore({ indexedDB: () => factory })
  const coordinator = createCrossTabRefresher({
    tokens: new TokenStore(store, KEY),
    lease: new LeaseStore(store, `${KEY}#lease`, id),
    clock,
    timers,
    leaseMs: LEASE_MS,
    broadcastChannel: (name) => new BroadcastChannel(name) as never,
    ...options,
  })
  opened.push(store, coordinator)
  return { store, coordinator }
}

const makeTabs = (n: number, extra: TabOptions = {}) => {
  const factory = new IDBFactory()
  return Array.from({ length: n }, (_, i) => makeTab(factory, `tab-${i}`, extra))
}

const session = (generation: number, token = `token-${generation}`): StoredToken => ({
  v: 1,
  generation,
  token,
  userId: 'user-1',
  expire: Date.now() + 3_600_000,
  obtainedAt: Date.now(),
})

/** A refresh that takes `latencyMs` of virtual network time, counting its calls. */
function countingRefresh(latencyMs = 200) {
  const calls: string[] = []
  const make = (tab: string) => (fromGeneration: number) => () => {
    calls.push(tab)
    return new Promise<StoredToken>((resolve) =>
      setTimeout(() => resolve(session(fromGeneration + 1, `token-from-${tab}`)), latencyMs),
    )
  }
  return { calls, make }
}

const realTick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Runs real ticks (IndexedDB, BroadcastChannel) and virtual time until `done()` or a bound. */
async function runUntil(done: () => boolean, { stepMs = 50, maxMs = 60_000 } = {}) {
  for (let elapsed = 0; elapsed <= maxMs; elapsed += stepMs) {
    for (let i = 0; i < 5; i++) await realTick()
    if (done()) return
    await vi.advanceTimersByTimeAsync(stepMs)
  }
  throw new Error(`not done after ${maxMs} ms of virtual time`)
}

function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false }
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  )
  return state
}

describe('createCrossTabCoordinator over a shared IndexedDB', () => {
  test('five tabs refreshing at once: exactly one refresh per generation, everyone adopts it', async () => {
    const tabs = makeTabs(5)
    const { calls, make } = countingRefresh()
    for (const from of [0, 1]) {
      const results = tabs.map((tab, i) =>
        track(tab.coordinator.refresh(from, make(`tab-${i}`)(from))),
      )
      await runUntil(() => results.every((r) => r.settled))
      expect(results.map((r) => r.error)).toEqual(tabs.map(() => undefined))
      const tokens = new Set(results.map((r) => r.value?.token))
      expect(tokens.size).toBe(1)
      expect(results.every((r) => r.value?.generation === from + 1)).toBe(true)
      expect(calls).toHaveLength(from + 1)
    }
    expect(await tabs[0]?.store.get(KEY)).toMatchObject({ generation: 2 })
    // The lease is gone once the work is done.
    expect(await tabs[0]?.store.get(`${KEY}#lease`)).toBeUndefined()
  })

  test('a tab that already sees a newer generation in the store adopts it without refreshing', async () => {
    const [tab] = makeTabs(1)
    await tab?.store.set(KEY, session(4))
    const refresh = vi.fn(async () => session(1))
    const result = track(tab!.coordinator.refresh(2, refresh))
    await runUntil(() => result.settled)
    expect(result.value?.generation).toBe(4)
    expect(refresh).not.toHaveBeenCalled()
  })

  test('a leader that dies mid-refresh holds the others for one lease, then one of them refreshes', async () => {
    const [dead, ...alive] = makeTabs(4)
    const { calls, make } = countingRefresh()
    const never = vi.fn(() => new Promise<StoredToken>(() => {}))
    track(dead!.coordinator.refresh(0, never))
    await runUntil(() => never.mock.calls.length === 1)
    const started = Date.now()
    const results = alive.map((tab, i) => track(tab.coordinator.refresh(0, make(`alive-${i}`)(0))))
    await runUntil(() => results.every((r) => r.settled))
    expect(Date.now() - started).toBeGreaterThanOrEqual(LEASE_MS)
    expect(Date.now() - started).toBeLessThan(LEASE_MS + 2_000)
    expect(calls).toHaveLength(1)
    expect(new Set(results.map((r) => r.value?.token)).size).toBe(1)
    expect(results[0]?.value?.generation).toBe(1)
  })

  test('a failed refresh frees the lease at once: the caller gets the error, a waiting tab takes over', async () => {
    const [leader, follower] = makeTabs(2)
    const failing = vi.fn(
      () =>
        new Promise<StoredToken>((_, reject) =>
          setTimeout(() => reject(new Error('network down')), 500),
        ),
    )
    const leading = track(leader!.coordinator.refresh(0, failing))
    await runUntil(() => failing.mock.calls.length === 1)
    const started = Date.now()
    const { calls, make } = countingRefresh()
    const following = track(follower!.coordinator.refresh(0, make('follower')(0)))
    await runUntil(() => leading.settled && following.settled)
    expect((leading.error as Error).message).toBe('network down')
    expect(following.value?.token).toBe('token-from-follower')
    expect(calls).toEqual(['follower'])
    expect(Date.now() - started).toBeLessThan(LEASE_MS)
  })

  test('a leader whose lease was taken over keeps the session already committed', async () => {
    const [slow, fast] = makeTabs(2)
    let finishSlow: (s: StoredToken) => void = () => {}
    const slowResult = track(
      slow!.coordinator.refresh(
        0,
        () => new Promise<StoredToken>((resolve) => (finishSlow = resolve)),
      ),
    )
    await runUntil(() => Date.now() > 1_000_100)
    const fastResult = track(fast!.coordinator.refresh(0, async () => session(1, 'fast')))
    await runUntil(() => fastResult.settled)
    finishSlow(session(1, 'slow'))
    await runUntil(() => slowResult.settled)
    expect(fastResult.value?.token).toBe('fast')
    expect(slowResult.value?.token).toBe('fast')
    expect(((await slow!.store.get(KEY)) as StoredToken).token).toBe('fast')
  })

  test('a tab whose read raced a commit re-checks after claiming and does not refresh again', async () => {
    const factory = new IDBFactory()
    const shared = openEzStore({ indexedDB: () => factory })
    opened.push(shared)
    // The leader committed generation 1 and released its lease...
    await shared.set(KEY, session(1))
    // ...just after this tab read the store, so its first read is the stale one.
    let stale = true
    const racing: EzStore = {
      get kind() {
        return shared.kind
      },
      get: async <T>(key: string) => {
        if (key === KEY && stale) {
          stale = false
          return undefined
        }
        return shared.get<T>(key)
      },
      set: (key, value) => shared.set(key, value),
      del: (key) => shared.del(key),
      update: (key, updater) => shared.update(key, updater),
      close: () => {},
    }
    const tab = makeTab(factory, 'late', { store: racing })
    const refresh = vi.fn(async () => session(2))
    const result = track(tab.coordinator.refresh(0, refresh))
    await runUntil(() => result.settled)
    expect(refresh).not.toHaveBeenCalled()
    expect(result.value?.generation).toBe(1)
    expect(await shared.get(`${KEY}#lease`)).toBeUndefined()
  })

  test('without BroadcastChannel the tabs still coordinate, by polling the store', async () => {
    const tabs = makeTabs(3, { broadcastChannel: () => undefined })
    const { calls, make } = countingRefresh()
    const results = tabs.map((tab, i) => track(tab.coordinator.refresh(0, make(`tab-${i}`)(0))))
    await runUntil(() => results.every((r) => r.settled))
    expect(calls).toHaveLength(1)
    expect(new Set(results.map((r) => r.value?.token)).size).toBe(1)
  })

  test('a lease stamped before the wall clock went back is not honoured', async () => {
    const [tab] = makeTabs(1)
    await tab?.store.set(`${KEY}#lease`, {
      holder: 'ghost',
      generation: 1,
      expiresAt: Date.now() + 3_600_000,
    })
    const result = track(tab!.coordinator.refresh(0, async () => session(1)))
    await runUntil(() => result.settled, { maxMs: 1_000 })
    expect(result.value?.generation).toBe(1)
  })

  test('a lease that someone keeps renewing holds a tab back no longer than waitTimeoutMs', async () => {
    const factory = new IDBFactory()
    const tab = makeTab(factory, 'tab', { waitTimeoutMs: 5_000 })
    const squatter = openEzStore({ indexedDB: () => factory })
    opened.push(squatter)
    const renew = () =>
      squatter.set(`${KEY}#lease`, {
        holder: 'squatter',
        generation: 1,
        expiresAt: Date.now() + LEASE_MS,
      })
    await renew()
    const started = Date.now()
    const result = track(tab.coordinator.refresh(0, async () => session(1)))
    await runUntil(() => {
      void renew()
      return result.settled
    })
    expect(result.value?.generation).toBe(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000)
    expect(Date.now() - started).toBeLessThan(7_000)
  })
})

describe('at most one refresh per generation, whatever the timing', () => {
  // A small seeded generator (mulberry32) so a failing seed can be replayed.
  const seeded = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  test.each(Array.from({ length: 12 }, (_, i) => i + 1))('seed %i', async (seed) => {
    const random = seeded(seed)
    const tabs = makeTabs(2 + Math.floor(random() * 5))
    const refreshes = new Map<number, number>()
    for (let from = 0; from < 3; from++) {
      const results = tabs.map((tab) => {
        const startIn = Math.floor(random() * 400)
        const latency = 20 + Math.floor(random() * 3000)
        const started = new Promise<void>((resolve) => setTimeout(resolve, startIn))
        return track(
          started.then(() =>
            tab.coordinator.refresh(from, () => {
              refreshes.set(from, (refreshes.get(from) ?? 0) + 1)
              return new Promise<StoredToken>((resolve) =>
                setTimeout(() => resolve(session(from + 1, `token-${from}-${random()}`)), latency),
              )
            }),
          ),
        )
      })
      await runUntil(() => results.every((r) => r.settled), { stepMs: 37 })
      expect(refreshes.get(from)).toBe(1)
      expect(new Set(results.map((r) => r.value?.token)).size).toBe(1)
    }
  })
})

describe('createCrossTabCoordinator without a shared store', () => {
  test('a memory store runs the refresh locally, once per generation within the tab', async () => {
    const store = createMemoryStore()
    const [tab] = makeTabs(1, { store })
    const refresh = vi.fn(async () => session(1))
    const [a, b] = await Promise.all([
      tab!.coordinator.refresh(0, refresh),
      tab!.coordinator.refresh(0, refresh),
    ])
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(a).toEqual(b)
    expect(await store.get(KEY)).toEqual(session(1))
  })

  test('a store that degrades while a tab waits makes it refresh by itself', async () => {
    const [leader, follower] = makeTabs(2)
    track(leader!.coordinator.refresh(0, () => new Promise<StoredToken>(() => {})))
    await runUntil(() => Date.now() > 1_000_100)
    const refresh = vi.fn(async () => session(1, 'follower'))
    const waiting = track(follower!.coordinator.refresh(0, refresh))
    await runUntil(() => Date.now() > 1_001_000)
    expect(waiting.settled).toBe(false)
    // IndexedDB breaks for good: every transaction fails from now on.
    vi.spyOn(FakeIDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('gone', 'UnknownError')
    })
    await runUntil(() => waiting.settled, { maxMs: 2_000 })
    expect(follower!.store.kind).toBe('memory')
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(waiting.value?.token).toBe('follower')
  })

  test('the refreshed session always moves past the generation it started from', async () => {
    const [tab] = makeTabs(1, { store: createMemoryStore() })
    const result = await tab!.coordinator.refresh(6, async () => session(0))
    expect(result.generation).toBe(7)
  })
})

describe('subscribe / announce', () => {
  test('other tabs hear announcements and refreshes; the sender never hears itself', async () => {
    const [a, b, c] = makeTabs(3)
    const heard: Record<string, CrossTabMessage[]> = { a: [], b: [], c: [] }
    a!.coordinator.subscribe((m) => heard.a!.push(m))
    b!.coordinator.subscribe((m) => heard.b!.push(m))
    const unsubscribe = c!.coordinator.subscribe((m) => heard.c!.push(m))
    unsubscribe()
    a!.coordinator.announce({ type: 'signedOut', reason: 'logout' })
    await runUntil(() => heard.b!.length === 1)
    expect(heard.b).toEqual([{ type: 'signedOut', reason: 'logout' }])
    const fresh = session(1)
    const refreshed = track(b!.coordinator.refresh(0, async () => fresh))
    await runUntil(() => refreshed.settled && heard.a!.length === 1)
    expect(heard.a).toEqual([{ type: 'token', token: fresh }])
    expect(heard.b).toHaveLength(1)
    expect(heard.c).toEqual([])
  })

  test('malformed messages from other scripts of the origin are dropped', async () => {
    const [a, b] = makeTabs(2)
    const heard: CrossTabMessage[] = []
    b!.coordinator.subscribe((m) => heard.push(m))
    const foreign = new BroadcastChannel(`gs2ez:${KEY}`)
    opened.push(foreign)
    foreign.postMessage('hello')
    foreign.postMessage({
      gs2ez: 1,
      from: 'x',
      message: { type: 'token', token: { token: 1 } },
    })
    foreign.postMessage({ gs2ez: 1, from: 'x', message: { type: 'reload' } })
    a!.coordinator.announce({ type: 'signedOut', reason: 'marker' })
    await runUntil(() => heard.length > 0)
    await runUntil(() => false, { maxMs: 200 }).catch(() => {})
    expect(heard).toEqual([{ type: 'signedOut', reason: 'marker' }])
  })

  test('a throwing listener does not keep the message from the others', async () => {
    const [a, b] = makeTabs(2)
    const heard: CrossTabMessage[] = []
    vi.stubGlobal('reportError', vi.fn())
    b!.coordinator.subscribe(() => {
      throw new Error('listener bug')
    })
    b!.coordinator.subscribe((m) => heard.push(m))
    a!.coordinator.announce({ type: 'signedOut', reason: 'logout' })
    await runUntil(() => heard.length === 1)
    expect(globalThis.reportError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'listener bug' }),
    )
  })

  test('the default channel does not keep a Node process alive', () => {
    const unref = vi.spyOn(BroadcastChannel.prototype as unknown as { unref(): void }, 'unref')
    const store = createMemoryStore()
    const coordinator = createCrossTabRefresher({
      tokens: new TokenStore(store, KEY),
      lease: new LeaseStore(store, `${KEY}#lease`, 'tab'),
      clock,
      timers,
    })
    opened.push(coordinator)
    coordinator.subscribe(() => {})
    expect(unref).toHaveBeenCalledTimes(1)
  })

  test('announce() refuses a malformed message', () => {
    const [a] = makeTabs(1)
    expect(() =>
      a!.coordinator.announce({ type: 'token', token: { v: 1 } } as unknown as CrossTabMessage),
    ).toThrow()
  })
})

describe('close()', () => {
  test('rejects a waiting refresh and leaves no timer behind', async () => {
    const [leader, follower] = makeTabs(2)
    track(leader!.coordinator.refresh(0, () => new Promise<StoredToken>(() => {})))
    await runUntil(() => Date.now() > 1_000_100)
    const waiting = track(follower!.coordinator.refresh(0, async () => session(1)))
    await runUntil(() => vi.getTimerCount() > 0)
    follower!.coordinator.close()
    await runUntil(() => waiting.settled)
    expect(waiting.error).toBeInstanceOf(DisposedError)
    expect(vi.getTimerCount()).toBe(0)
    await expect(follower!.coordinator.refresh(0, async () => session(1))).rejects.toBeInstanceOf(
      DisposedError,
    )
  })
})
