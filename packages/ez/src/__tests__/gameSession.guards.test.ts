import { systemClock, systemTimers } from '@gs2ez/core'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCrossTabRefresher } from '../crossTabRefresher.ts'
import type { EzEvent } from '../ezEvent.ts'
import { openEzStore } from '../storage/ezStore.ts'
import { LeaseStore } from '../storage/leaseStore.ts'
import { sessionRecordKeys } from '../storage/sessionRecords.ts'
import { TokenStore } from '../storage/tokenStore.ts'
import { createHarness } from './support/sessionHarness.ts'

// Behaviours nothing guarded before issue 11; each test fails when its behaviour breaks.

const transient = () =>
  Object.assign(new Error('transient 503'), { status: 503, code: 'x', retryable: true })
const HOUR = 3_600_000

describe('guards', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('a token the server answered 401 to is never handed out again, by any read path', async () => {
    const h = createHarness({
      failures: [undefined, transient(), transient(), transient(), transient()],
      reauthentication: { autoRefresh: false, backoff: { baseMs: 60_000, maxMs: 300_000 } },
    })
    await h.session.start()
    const rejected = await h.session.getAccessToken()
    // A GS2 call answered 401 with it; the re-authentication that follows fails transiently.
    await expect(h.session.reauthenticate(rejected)).rejects.toThrow('transient 503')
    const reads: [string, () => Promise<unknown>][] = [
      ['getAccessToken', () => h.session.getAccessToken()],
      ['ensureFreshFor', () => h.session.ensureFreshFor(1_000)],
      ['call', () => h.session.call(async (token) => token)],
      ['reauthenticate(rejected)', () => h.session.reauthenticate(rejected)],
    ]
    for (const [_, read] of reads) {
      const result = await read().catch((error: unknown) => error)
      expect(result).not.toEqual(expect.objectContaining({ token: rejected.token }))
    }
    // Nor by a reload: the stored record is gone, a new session on the same store authenticates.
    expect(await h.cache.read()).toBeUndefined()
    const reload = createHarness({ tokens: h.cache })
    await reload.session.start()
    expect(reload.authenticate).toHaveBeenCalledTimes(1)
    expect(reload.eventTypes()).not.toContain('restoredFromCache')
  })

  it('events$ replays to a late subscriber only the login events, never later ones', async () => {
    const h = createHarness({ ttlMs: 120_000 })
    await h.session.start()
    // A proactive refresh happens after login: its events are live only.
    await vi.advanceTimersByTimeAsync(90_000)
    expect(h.eventTypes()).toContain('reauthenticated')
    const late: EzEvent['type'][] = []
    h.session.events$.subscribe((e) => late.push(e.type))
    expect(late).toEqual(['refreshScheduled', 'loggedIn'])
  })

  it('the proactive refresh fires at the exact server-clock time', async () => {
    // Server 10 min ahead of the device. A 1 h token refreshes 5 min before expiry (no jitter:
    // random() is 0), i.e. 55 min of server time after it was obtained.
    const h = createHarness({ offsetMs: 600_000 })
    await h.session.start()
    const state = h.session.state
    expect(state.status).toBe('active')
    const refreshAt = state.status === 'active' ? state.refreshAt : 0
    const expire = h.session.accessToken?.expire ?? 0
    expect(refreshAt).toBe(expire - 300_000)
    const at: number[] = []
    h.authenticate.mockImplementation(async () => {
      at.push(h.serverNow())
      return { token: 'token-2', userId: 'user-1', expire: h.serverNow() + HOUR }
    })
    await vi.advanceTimersByTimeAsync(refreshAt - h.serverNow() - 1)
    expect(at).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(at).toEqual([refreshAt])
  })
})

describe('a tab never adopts a token of another user or another game from another tab', () => {
  // Real BroadcastChannel between "tabs" of this process, fake IndexedDB shared by them.
  const opened: { close(): void }[] = []
  afterEach(() => {
    for (const thing of opened.splice(0).reverse()) thing.close()
  })

  const tab = (factory: IDBFactory, clientId: string, id: string) => {
    const store = openEzStore({ indexedDB: () => factory })
    const keys = sessionRecordKeys({
      endpoint: 'http://x/{service}',
      clientId,
      namespace: 'default',
      authenticator: 'custom',
    })
    const tokens = new TokenStore(store, keys.token)
    const refresher = createCrossTabRefresher({
      tokens,
      lease: new LeaseStore(store, keys.lease, id),
      clock: systemClock,
      timers: systemTimers,
      broadcastChannel: (name) => new BroadcastChannel(name) as never,
    })
    opened.push(store, refresher)
    return { tokens, refresher }
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

  it('ignores another user on the same key, and never hears another game', async () => {
    const factory = new IDBFactory()
    const mine = tab(factory, 'game-1', 'tab-a')
    const otherUser = tab(factory, 'game-1', 'tab-b')
    const otherGame = tab(factory, 'game-2', 'tab-c')
    const h = createHarness({ tokens: mine.tokens, refresher: mine.refresher })
    await h.session.start()
    const before = await h.session.getAccessToken()
    const foreign = (userId: string, generation: number) => ({
      v: 1 as const,
      generation,
      token: `${userId}-token`,
      userId,
      expire: Date.now() + HOUR,
      obtainedAt: Date.now(),
    })
    otherUser.refresher.announce({ type: 'token', token: foreign('user-2', 99) })
    otherGame.refresher.announce({ type: 'token', token: foreign('user-1', 99) })
    await settle()
    expect(h.eventTypes()).not.toContain('tokenAdopted')
    expect(await h.session.getAccessToken()).toEqual(before)
    // Another game's sign-out does not sign this one out either.
    otherGame.refresher.announce({ type: 'signedOut', reason: 'logout' })
    await settle()
    expect(h.session.state.status).toBe('active')
    // The same user on the same key is adopted: the guard is not simply "adopt nothing".
    otherUser.refresher.announce({ type: 'token', token: foreign('user-1', 99) })
    await settle()
    expect(h.eventTypes()).toContain('tokenAdopted')
    await h.session.dispose()
  })
})
