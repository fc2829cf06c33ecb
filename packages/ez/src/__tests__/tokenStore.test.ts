// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, describe, expect, test } from 'vitest'
import { type EzStore, openEzStore } from '../storage/ezStore.ts'
import { createMemoryStore } from '../storage/memoryStore.ts'
import { type CachedSession, sessionCacheKey } from '../storage/storedToken.ts'
import { TokenCache } from '../storage/tokenStore.ts'

const session = (over: Partial<CachedSession> = {}): CachedSession => ({
  v: 1,
  generation: 3,
  token: 'tok',
  userId: 'user-1',
  expire: 2_000_000,
  obtainedAt: 1_000_000,
  ...over,
})

const stores: EzStore[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})
const idbStore = () => {
  const factory = new IDBFactory()
  const store = openEzStore({ indexedDB: () => factory })
  stores.push(store)
  return store
}

describe.each([
  ['indexeddb', idbStore],
  ['memory', () => createMemoryStore()],
])('TokenCache on %s', (_name, makeStore) => {
  test('writes, reads and clears a session', async () => {
    const cache = new TokenCache(makeStore(), 'k')
    expect(await cache.read()).toBeUndefined()
    await cache.write(session({ timeOffset: 60, federationFromUserId: 'origin' }))
    expect(await cache.read()).toEqual(session({ timeOffset: 60, federationFromUserId: 'origin' }))
    await cache.clear()
    expect(await cache.read()).toBeUndefined()
  })

  test.each([
    ['a string', 'garbage'],
    ['another format version', { ...session(), v: 2 }],
    ['a missing token', { ...session(), token: undefined }],
    ['a negative generation', { ...session(), generation: -1 }],
    ['a fractional expire', { ...session(), expire: 1.5 }],
    ['an over-long token', { ...session(), token: 'x'.repeat(1025) }],
  ])('discards and deletes %s', async (_what, value) => {
    const store = makeStore()
    await store.set('k', value)
    const cache = new TokenCache(store, 'k')
    expect(await cache.read()).toBeUndefined()
    expect(await store.get('k')).toBeUndefined()
  })

  test('read({ now }) discards an expired session, keeps a live one', async () => {
    const store = makeStore()
    const cache = new TokenCache(store, 'k')
    await cache.write(session({ expire: 5000 }))
    expect(await cache.read({ now: 4999 })).toEqual(session({ expire: 5000 }))
    expect(await cache.read()).toEqual(session({ expire: 5000 }))
    expect(await cache.read({ now: 5000 })).toBeUndefined()
    expect(await store.get('k')).toBeUndefined()
  })

  test('write() never rolls a later generation back, but replaces an equal or older one', async () => {
    const cache = new TokenCache(makeStore(), 'k')
    await cache.write(session({ generation: 5, token: 'newer' }))
    await cache.write(session({ generation: 4, token: 'late' }))
    expect((await cache.read())?.token).toBe('newer')
    await cache.write(session({ generation: 5, token: 'same-generation' }))
    expect((await cache.read())?.token).toBe('same-generation')
    await cache.write(session({ generation: 6, token: 'next' }))
    expect((await cache.read())?.token).toBe('next')
    await cache.clear()
    await cache.write(session({ generation: 0, token: 'fresh-login' }))
    expect((await cache.read())?.token).toBe('fresh-login')
  })

  test('write() replaces a malformed entry', async () => {
    const store = makeStore()
    await store.set('k', { generation: 99 })
    const cache = new TokenCache(store, 'k')
    await cache.write(session({ generation: 1 }))
    expect(await cache.read()).toEqual(session({ generation: 1 }))
  })

  test('write() refuses a malformed session instead of persisting it', async () => {
    const cache = new TokenCache(makeStore(), 'k')
    await expect(cache.write({ ...session(), token: '' })).rejects.toThrow()
    expect(await cache.read()).toBeUndefined()
  })
})

describe('sessionCacheKey', () => {
  const base = {
    endpoint: 'https://x/{service}',
    clientId: 'c',
    namespace: 'ns',
    authenticator: 'account',
  }

  test('differs in every part', () => {
    const keys = new Set([
      sessionCacheKey(base),
      sessionCacheKey({ ...base, endpoint: 'https://y/{service}' }),
      sessionCacheKey({ ...base, clientId: 'd' }),
      sessionCacheKey({ ...base, namespace: 'ns2' }),
      sessionCacheKey({ ...base, authenticator: 'other' }),
    ])
    expect(keys.size).toBe(5)
  })

  test('cannot be forged by moving a separator between parts', () => {
    expect(sessionCacheKey({ ...base, clientId: 'a:b', namespace: 'c' })).not.toBe(
      sessionCacheKey({ ...base, clientId: 'a', namespace: 'b:c' }),
    )
    expect(sessionCacheKey({ ...base, clientId: 'a","b', namespace: 'c' })).not.toBe(
      sessionCacheKey({ ...base, clientId: 'a', namespace: 'b","c' }),
    )
  })

  test('two games sharing one store keep their sessions apart', async () => {
    const store = idbStore()
    const game1 = new TokenCache(store, sessionCacheKey(base))
    const game2 = new TokenCache(store, sessionCacheKey({ ...base, clientId: 'other-game' }))
    await game1.write(session({ token: 'one' }))
    await game2.write(session({ token: 'two' }))
    expect((await game1.read())?.token).toBe('one')
    await game2.clear()
    expect((await game1.read())?.token).toBe('one')
    expect(await game2.read()).toBeUndefined()
  })
})
