// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { afterEach, describe, expect, test } from 'vitest'
import { type EzStore, openEzStore } from '../storage/ezStore.ts'
import { createMemoryStore } from '../storage/memoryStore.ts'
import { type StoredToken, sessionRecordKeys } from '../storage/sessionRecords.ts'
import { TokenStore } from '../storage/tokenStore.ts'

const session = (over: Partial<StoredToken> = {}): StoredToken => ({
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
])('TokenStore on %s', (_name, makeStore) => {
  test('writes, reads and clears a session', async () => {
    const cache = new TokenStore(makeStore(), 'k')
    expect(await cache.read()).toBeUndefined()
    await cache.commit(session({ timeOffset: 60, federationFromUserId: 'origin' }))
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
    const cache = new TokenStore(store, 'k')
    expect(await cache.read()).toBeUndefined()
    expect(await store.get('k')).toBeUndefined()
  })

  test('read({ now }) discards an expired session, keeps a live one', async () => {
    const store = makeStore()
    const cache = new TokenStore(store, 'k')
    await cache.commit(session({ expire: 5000 }))
    expect(await cache.read({ now: 4999 })).toEqual(session({ expire: 5000 }))
    expect(await cache.read()).toEqual(session({ expire: 5000 }))
    expect(await cache.read({ now: 5000 })).toBeUndefined()
    expect(await store.get('k')).toBeUndefined()
  })

  test('commit() keeps a live record of the same or a later generation and returns the winner', async () => {
    const cache = new TokenStore(makeStore(), 'k')
    expect((await cache.commit(session({ generation: 5, token: 'newer' }))).token).toBe('newer')
    expect((await cache.commit(session({ generation: 4, token: 'late' }))).token).toBe('newer')
    expect((await cache.read())?.token).toBe('newer')
    // Same generation: another tab got there first; its token wins and is handed back.
    const same = await cache.commit(session({ generation: 5, token: 'same-generation' }))
    expect(same.token).toBe('newer')
    expect((await cache.read())?.token).toBe('newer')
    await cache.commit(session({ generation: 6, token: 'next' }))
    expect((await cache.read())?.token).toBe('next')
    // A record already expired when the candidate was obtained is no winner.
    const revived = await cache.commit(
      session({ generation: 2, token: 'after-expiry', obtainedAt: 2_000_000, expire: 3_000_000 }),
    )
    expect(revived.token).toBe('after-expiry')
    await cache.clear()
    await cache.commit(session({ generation: 0, token: 'fresh-login' }))
    expect((await cache.read())?.token).toBe('fresh-login')
  })

  test('commit() replaces a malformed entry', async () => {
    const store = makeStore()
    await store.set('k', { generation: 99 })
    const cache = new TokenStore(store, 'k')
    await cache.commit(session({ generation: 1 }))
    expect(await cache.read()).toEqual(session({ generation: 1 }))
  })

  test('commit() refuses a malformed token with a ValidationError instead of persisting it', async () => {
    const cache = new TokenStore(makeStore(), 'k')
    await expect(cache.commit({ ...session(), token: '' })).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'token',
    })
    expect(await cache.read()).toBeUndefined()
  })
})

const tokenKey = (parts: Parameters<typeof sessionRecordKeys>[0]) => sessionRecordKeys(parts).token

describe('sessionRecordKeys', () => {
  const base = {
    endpoint: 'https://x/{service}',
    clientId: 'c',
    namespace: 'ns',
    authenticator: 'account',
  }

  test('differs in every part', () => {
    const keys = new Set([
      tokenKey(base),
      tokenKey({ ...base, endpoint: 'https://y/{service}' }),
      tokenKey({ ...base, clientId: 'd' }),
      tokenKey({ ...base, namespace: 'ns2' }),
      tokenKey({ ...base, authenticator: 'other' }),
    ])
    expect(keys.size).toBe(5)
  })

  test('cannot be forged by moving a separator between parts', () => {
    expect(tokenKey({ ...base, clientId: 'a:b', namespace: 'c' })).not.toBe(
      tokenKey({ ...base, clientId: 'a', namespace: 'b:c' }),
    )
    expect(tokenKey({ ...base, clientId: 'a","b', namespace: 'c' })).not.toBe(
      tokenKey({ ...base, clientId: 'a', namespace: 'b","c' }),
    )
  })

  test('two games sharing one store keep their sessions apart', async () => {
    const store = idbStore()
    const game1 = new TokenStore(store, tokenKey(base))
    const game2 = new TokenStore(store, tokenKey({ ...base, clientId: 'other-game' }))
    await game1.commit(session({ token: 'one' }))
    await game2.commit(session({ token: 'two' }))
    expect((await game1.read())?.token).toBe('one')
    await game2.clear()
    expect((await game1.read())?.token).toBe('one')
    expect(await game2.read()).toBeUndefined()
  })
})
