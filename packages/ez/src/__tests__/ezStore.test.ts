// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { IDBDatabase as FakeIDBDatabase, IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { type EzStore, openEzStore, type StorageDegradedInfo } from '../storage/ezStore.ts'

// fake-indexeddb schedules its events with setImmediate, so only the timers the store uses are
// faked: the open and operation timeouts run on virtual time, IndexedDB itself on real ticks.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

const stores: EzStore[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

function open(options: Parameters<typeof openEzStore>[0] = {}) {
  const degraded: StorageDegradedInfo[] = []
  const store = openEzStore({ onDegraded: (info) => degraded.push(info), ...options })
  stores.push(store)
  return { store, degraded }
}

/** An IDBFactory whose open() never answers: the hang of firebase-js-sdk #2167 / #9132. */
function hangingFactory(): IDBFactory {
  return { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory
}

class LifecycleTarget extends EventTarget {
  override addEventListener(type: 'pagehide', listener: () => void): void {
    super.addEventListener(type, listener)
  }
  override removeEventListener(type: 'pagehide', listener: () => void): void {
    super.removeEventListener(type, listener)
  }
}

describe('openEzStore on IndexedDB', () => {
  test('round-trips values and shares them with another store on the same database', async () => {
    const factory = new IDBFactory()
    const { store: tabA, degraded } = open({ indexedDB: () => factory })
    const { store: tabB } = open({ indexedDB: () => factory })
    await tabA.set('k', { a: 1 })
    expect(await tabB.get('k')).toEqual({ a: 1 })
    await tabB.del('k')
    expect(await tabA.get('k')).toBeUndefined()
    await tabA.set('gone', 1)
    await tabA.set('gone', undefined)
    expect(await tabB.get('gone')).toBeUndefined()
    expect(tabA.kind).toBe('indexeddb')
    expect(degraded).toEqual([])
  })

  test('update() is one transaction: concurrent increments from two tabs never get lost', async () => {
    const factory = new IDBFactory()
    const { store: tabA } = open({ indexedDB: () => factory })
    const { store: tabB } = open({ indexedDB: () => factory })
    const increment = (store: EzStore) => store.update<number>('n', (n) => (n ?? 0) + 1)
    await Promise.all(Array.from({ length: 40 }, (_, i) => increment(i % 2 === 0 ? tabA : tabB)))
    expect(await tabA.get('n')).toBe(40)
  })

  test('update() returns the new value, deletes on undefined, and keeps the value when the updater throws', async () => {
    const factory = new IDBFactory()
    const { store, degraded } = open({ indexedDB: () => factory })
    expect(await store.update<number>('n', () => 5)).toBe(5)
    await expect(
      store.update<number>('n', () => {
        throw new Error('updater bug')
      }),
    ).rejects.toThrow('updater bug')
    expect(await store.get('n')).toBe(5)
    expect(await store.update('n', () => undefined)).toBeUndefined()
    expect(await store.get('n')).toBeUndefined()
    expect(store.kind).toBe('indexeddb')
    expect(degraded).toEqual([])
  })

  test('adds its object store to a database that exists without it', async () => {
    const factory = new IDBFactory()
    const { store: other } = open({ indexedDB: () => factory, storeName: 'other' })
    await other.set('x', 1)
    other.close()
    const { store, degraded } = open({ indexedDB: () => factory })
    await store.set('y', 2)
    expect(await store.get('y')).toBe(2)
    expect(degraded).toEqual([])
  })

  test('closes its connection on pagehide so others can upgrade, then reopens lazily', async () => {
    const factory = new IDBFactory()
    const lifecycle = new LifecycleTarget()
    const { store, degraded } = open({ indexedDB: () => factory, lifecycle: () => lifecycle })
    await store.set('k', 1)
    lifecycle.dispatchEvent(new Event('pagehide'))
    // An open connection would block this version change (and the page's bfcache entry).
    const upgrade = factory.open('gs2ez', 2)
    const blocked = vi.fn()
    upgrade.onblocked = blocked
    const upgraded = await new Promise<globalThis.IDBDatabase>((resolve, reject) => {
      upgrade.onsuccess = () => resolve(upgrade.result)
      upgrade.onerror = () => reject(upgrade.error)
    })
    expect(blocked).not.toHaveBeenCalled()
    upgraded.close()
    expect(await store.get('k')).toBe(1)
    expect(degraded).toEqual([])
  })

  test('retries once on a fresh connection when the old one is closing (firebase-js-sdk #10264)', async () => {
    const factory = new IDBFactory()
    const { store, degraded } = open({ indexedDB: () => factory })
    await store.set('k', 1)
    const real = FakeIDBDatabase.prototype.transaction
    const spy = vi
      .spyOn(FakeIDBDatabase.prototype, 'transaction')
      .mockImplementationOnce(() => {
        throw new DOMException('The database connection is closing.', 'InvalidStateError')
      })
      .mockImplementation(function (this: globalThis.IDBDatabase, ...args) {
        return real.apply(this, args)
      })
    expect(await store.get('k')).toBe(1)
    expect(spy).toHaveBeenCalledTimes(2)
    expect(store.kind).toBe('indexeddb')
    expect(degraded).toEqual([])
  })

  test('gives up a connection when another tab upgrades the database', async () => {
    const factory = new IDBFactory()
    const { store, degraded } = open({ indexedDB: () => factory })
    await store.set('k', 1)
    const upgrade = factory.open('gs2ez', 5)
    const blocked = vi.fn()
    upgrade.onblocked = blocked
    await new Promise<void>((resolve) => {
      upgrade.onsuccess = () => {
        upgrade.result.close()
        resolve()
      }
    })
    expect(blocked).not.toHaveBeenCalled()
    expect(await store.get('k')).toBe(1)
    expect(degraded).toEqual([])
  })
})

/**
 * A factory whose first `aborts` opens fail with the AbortError Chromium gives an open made while
 * it deletes the origin's data; later ones open a fake-indexeddb database.
 */
function abortingFactory(aborts: number): IDBFactory & { opens: number } {
  const factory = new IDBFactory()
  const counted = {
    opens: 0,
    open: (name: string, version?: number) => {
      counted.opens += 1
      if (counted.opens > aborts) return factory.open(name, version)
      const request = { error: new DOMException('The connection was closed.', 'AbortError') }
      queueMicrotask(() => (request as { onerror?: () => void }).onerror?.())
      return request as unknown as IDBOpenDBRequest
    },
  }
  return counted as unknown as IDBFactory & { opens: number }
}

describe('openEzStore when the browser deletes its data', () => {
  test('tells onCleared when the database is deleted under it (not on an upgrade), then works on a fresh one', async () => {
    const factory = new IDBFactory()
    const { store, degraded } = open({ indexedDB: () => factory })
    const cleared = vi.fn()
    store.onCleared?.(cleared)
    await store.set('k', 1)
    const upgrade = factory.open('gs2ez', 5)
    await new Promise<void>((resolve) => {
      upgrade.onsuccess = () => {
        upgrade.result.close()
        resolve()
      }
    })
    expect(await store.get('k')).toBe(1)
    expect(cleared).not.toHaveBeenCalled()

    const deletion = factory.deleteDatabase('gs2ez')
    await new Promise((resolve) => {
      deletion.onsuccess = resolve
    })
    expect(cleared).toHaveBeenCalledTimes(1)
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', 2)
    expect(await store.get('k')).toBe(2)
    expect(store.kind).toBe('indexeddb')
    expect(degraded).toEqual([])
  })

  test('an open aborted while the browser is still deleting (Chromium) is tried again, not degraded', async () => {
    const deleting = abortingFactory(1)
    const { store, degraded } = open({ indexedDB: () => deleting })
    const write = store.set('k', 1)
    await vi.advanceTimersByTimeAsync(1)
    await write
    expect(deleting.opens).toBe(2)
    expect(await store.get('k')).toBe(1)
    expect(store.kind).toBe('indexeddb')
    expect(degraded).toEqual([])
  })

  test('an open that keeps aborting degrades to memory after three tries', async () => {
    const aborting = abortingFactory(Number.POSITIVE_INFINITY)
    const { store, degraded } = open({ indexedDB: () => aborting })
    const write = store.set('k', 1)
    await vi.advanceTimersByTimeAsync(1)
    await write
    expect(aborting.opens).toBe(3)
    expect(store.kind).toBe('memory')
    expect(degraded).toMatchObject([{ reason: 'error' }])
    expect(await store.get('k')).toBe(1)
  })
})

describe('openEzStore falls back to memory', () => {
  test('without IndexedDB: reason unavailable, reported once, values still work', async () => {
    const { store, degraded } = open({ indexedDB: () => undefined })
    expect(store.kind).toBe('indexeddb')
    await store.set('k', 1)
    await store.set('j', 2)
    expect(await store.get('k')).toBe(1)
    expect(store.kind).toBe('memory')
    expect(degraded).toEqual([
      expect.objectContaining({ from: 'indexeddb', to: 'memory', reason: 'unavailable' }),
    ])
  })

  test('when merely reading indexedDB throws (storage blocked by the user)', async () => {
    const error = new DOMException('The operation is insecure.', 'SecurityError')
    const { store, degraded } = open({
      indexedDB: () => {
        throw error
      },
    })
    await store.set('k', 1)
    expect(await store.get('k')).toBe(1)
    expect(degraded).toEqual([expect.objectContaining({ reason: 'unavailable', error })])
  })

  test('when indexedDB.open throws (private mode, invalid security context)', async () => {
    const error = new DOMException('The operation is insecure.', 'SecurityError')
    const factory = {
      open: () => {
        throw error
      },
    } as unknown as IDBFactory
    const { store, degraded } = open({ indexedDB: () => factory })
    await store.set('k', 1)
    expect(await store.get('k')).toBe(1)
    expect(degraded).toEqual([expect.objectContaining({ reason: 'unavailable', error })])
  })

  test('when open never completes: times out, keeps what was written meanwhile, reports once', async () => {
    const { store, degraded } = open({ indexedDB: hangingFactory, openTimeoutMs: 3000 })
    const written = store.set('k', { v: 1 })
    const read = store.get('other')
    await vi.advanceTimersByTimeAsync(2999)
    expect(degraded).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await written
    expect(await read).toBeUndefined()
    expect(await store.get('k')).toEqual({ v: 1 })
    expect(store.kind).toBe('memory')
    expect(degraded).toEqual([expect.objectContaining({ reason: 'open-timeout' })])
  })

  test('when an upgrade stays blocked by a connection that never yields', async () => {
    const factory = new IDBFactory()
    const stubborn = await new Promise<globalThis.IDBDatabase>((resolve) => {
      const request = factory.open('gs2ez', 1)
      request.onupgradeneeded = () => request.result.createObjectStore('other')
      request.onsuccess = () => resolve(request.result)
    })
    // It hears the upgrade request and, like a frozen tab, never closes.
    const versionChange = vi.fn()
    stubborn.onversionchange = versionChange
    const { store, degraded } = open({ indexedDB: () => factory, openTimeoutMs: 1000 })
    const written = store.set('k', 1)
    await vi.waitFor(() => expect(versionChange).toHaveBeenCalled())
    await new Promise((resolve) => setImmediate(resolve))
    await vi.advanceTimersByTimeAsync(1000)
    await written
    expect(degraded[0]?.reason).toBe('blocked')
    expect(await store.get('k')).toBe(1)
    stubborn.close()
  })

  test('when an operation fails after open: quota, and values read before survive', async () => {
    const factory = new IDBFactory()
    const { store, degraded } = open({ indexedDB: () => factory })
    await store.set('token', 'abc')
    const quota = new DOMException('full', 'QuotaExceededError')
    vi.spyOn(FakeIDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw quota
    })
    await store.set('other', 1)
    expect(degraded).toEqual([expect.objectContaining({ reason: 'quota', error: quota })])
    expect(await store.get('token')).toBe('abc')
    expect(await store.get('other')).toBe(1)
    expect(await store.update<number>('other', (n) => (n ?? 0) + 1)).toBe(2)
    expect(degraded).toHaveLength(1)
  })

  test('a lost connection gets one retry on a fresh one; a second failure degrades', async () => {
    const factory = new IDBFactory()
    const { store, degraded } = open({ indexedDB: () => factory })
    await store.set('k', 1)
    const lost = new DOMException('Connection to Indexed Database server lost', 'UnknownError')
    const real = FakeIDBDatabase.prototype.transaction
    const spy = vi
      .spyOn(FakeIDBDatabase.prototype, 'transaction')
      .mockImplementationOnce(() => {
        throw lost
      })
      .mockImplementation(function (this: globalThis.IDBDatabase, ...args) {
        return real.apply(this, args)
      })
    expect(await store.get('k')).toBe(1)
    expect(degraded).toEqual([])
    spy.mockImplementation(() => {
      throw lost
    })
    await store.set('j', 2)
    expect(degraded).toEqual([expect.objectContaining({ reason: 'error', error: lost })])
    expect(await store.get('j')).toBe(2)
    expect(await store.get('k')).toBe(1)
  })

  test('when an operation hangs after open: the operation timeout degrades it', async () => {
    const factory = new IDBFactory()
    const { store, degraded } = open({ indexedDB: () => factory, opTimeoutMs: 500 })
    await store.set('k', 1)
    vi.spyOn(FakeIDBDatabase.prototype, 'transaction').mockImplementation(
      () =>
        ({
          objectStore: () => ({ get: () => ({}) }),
        }) as unknown as IDBTransaction,
    )
    const read = store.get('k')
    await vi.advanceTimersByTimeAsync(500)
    expect(await read).toBe(1)
    expect(degraded).toEqual([expect.objectContaining({ reason: 'error' })])
  })

  test('the memory fallback keeps the values this tab READ from IndexedDB before it degraded', async () => {
    const factory = new IDBFactory()
    const { store: otherTab } = open({ indexedDB: () => factory })
    await otherTab.set('token', { t: 'from-another-tab' })
    await otherTab.set('counter', 1)
    const { store, degraded } = open({ indexedDB: () => factory })
    // Read (never written) by this tab: one get, one update that leaves the value as it is.
    expect(await store.get('token')).toEqual({ t: 'from-another-tab' })
    expect(await store.update<number>('counter', (n) => n)).toBe(1)
    vi.spyOn(FakeIDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    await store.set('unrelated', true)
    expect(degraded).toHaveLength(1)
    expect(store.kind).toBe('memory')
    expect(await store.get('token')).toEqual({ t: 'from-another-tab' })
    expect(await store.get('counter')).toBe(1)
  })

  test('publishes its degradation to subscribers, late ones included, once', async () => {
    const { store } = open({ indexedDB: () => undefined })
    const early: string[] = []
    store.onDegraded?.((info) => early.push(info.reason))
    await store.get('k')
    const late: string[] = []
    store.onDegraded?.((info) => late.push(info.reason))
    await store.get('k')
    expect(early).toEqual(['unavailable'])
    expect(late).toEqual(['unavailable'])
  })

  test('a throwing onDegraded listener does not break the fallback', async () => {
    const store = openEzStore({
      indexedDB: () => undefined,
      onDegraded: () => {
        throw new Error('listener bug')
      },
    })
    await store.set('k', 1)
    expect(await store.get('k')).toBe(1)
  })
})
