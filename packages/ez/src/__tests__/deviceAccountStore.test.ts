// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { expect, test } from 'vitest'
import { DeviceAccountStore } from '../storage/deviceAccountStore.ts'
import { openEzStore } from '../storage/ezStore.ts'
import { sessionRecordKeys } from '../storage/sessionRecords.ts'

const makeStore = () => {
  const factory = new IDBFactory()
  return openEzStore({ indexedDB: () => factory })
}

test('writes, reads and clears the device account', async () => {
  const store = makeStore()
  const accounts = new DeviceAccountStore(store, 'k')
  expect(await accounts.read()).toBeUndefined()
  await accounts.write({ userId: 'u', password: 'p' })
  expect(await accounts.read()).toEqual({ userId: 'u', password: 'p' })
  await accounts.clear()
  expect(await accounts.read()).toBeUndefined()
  store.close()
})

test.each([
  ['no password', { userId: 'u' }],
  ['an empty user id', { userId: '', password: 'p' }],
  ['an over-long password', { userId: 'u', password: 'p'.repeat(129) }],
  ['a number', 42],
])('deletes an entry with %s', async (_what, value) => {
  const store = makeStore()
  await store.set('k', value)
  expect(await new DeviceAccountStore(store, 'k').read()).toBeUndefined()
  expect(await store.get('k')).toBeUndefined()
  store.close()
})

test('write() validates its input', async () => {
  const store = makeStore()
  const accounts = new DeviceAccountStore(store, 'k')
  await expect(accounts.write({ userId: 'u', password: '' })).rejects.toThrow()
  expect(await store.get('k')).toBeUndefined()
  store.close()
})

test('keys differ per endpoint, client and namespace, not per authenticator id', () => {
  const base = { endpoint: 'e', clientId: 'c', namespace: 'n', authenticator: 'a' }
  const key = (parts: typeof base) => sessionRecordKeys(parts).deviceAccount
  const keys = new Set([
    key(base),
    key({ ...base, endpoint: 'f' }),
    key({ ...base, clientId: 'd' }),
    key({ ...base, namespace: 'm' }),
  ])
  expect(keys.size).toBe(4)
  expect(key({ ...base, authenticator: 'b' })).toBe(key(base))
})

test('load() tells a confirmed absence from one a degraded store cannot vouch for', async () => {
  const healthy = makeStore()
  expect(await new DeviceAccountStore(healthy, 'k').load()).toEqual({
    status: 'empty',
    confirmed: true,
  })
  healthy.close()
  const degraded = openEzStore({ indexedDB: () => undefined })
  expect(await new DeviceAccountStore(degraded, 'k').load()).toEqual({
    status: 'empty',
    confirmed: false,
  })
})

test('writeIfAbsent() never overwrites an account stored meanwhile (a takeover in another tab)', async () => {
  const store = makeStore()
  const accounts = new DeviceAccountStore(store, 'k')
  expect(await accounts.writeIfAbsent({ userId: 'old', password: 'p' })).toEqual({
    userId: 'old',
    password: 'p',
  })
  await accounts.replace({ userId: 'new', password: 'q' }, 'replacedByTakeOver', 1)
  expect(await accounts.writeIfAbsent({ userId: 'old', password: 'p' })).toEqual({
    userId: 'new',
    password: 'q',
  })
  expect(await accounts.read()).toEqual({ userId: 'new', password: 'q' })
  store.close()
})

test('replace() tombstones the previous account only when it is another user', async () => {
  const store = makeStore()
  const accounts = new DeviceAccountStore(store, 'k', 'k#tombstones')
  await accounts.write({ userId: 'a', password: 'p' })
  await accounts.replace({ userId: 'a', password: 'p2' }, 'replacedByTakeOver', 1)
  expect(await accounts.tombstones()).toEqual([])
  await accounts.replace({ userId: 'b', password: 'q' }, 'replacedByTakeOver', 2)
  expect(await accounts.read()).toEqual({ userId: 'b', password: 'q' })
  expect(await accounts.tombstones()).toEqual([
    { userId: 'a', at: 2, reason: 'replacedByTakeOver' },
  ])
  store.close()
})

test('bury() with a password spares a newer password of the same user', async () => {
  const store = makeStore()
  const accounts = new DeviceAccountStore(store, 'k', 'k#tombstones')
  await accounts.write({ userId: 'a', password: 'new' })
  expect(await accounts.bury('a', 'movedToAnotherDevice', 1, 'old')).toBe(false)
  expect(await accounts.read()).toEqual({ userId: 'a', password: 'new' })
  expect(await accounts.tombstones()).toEqual([])
  expect(await accounts.bury('a', 'movedToAnotherDevice', 2, 'new')).toBe(true)
  expect(await accounts.read()).toBeUndefined()
  expect(await accounts.tombstones()).toEqual([
    { userId: 'a', at: 2, reason: 'movedToAnotherDevice' },
  ])
  store.close()
})
