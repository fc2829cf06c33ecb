// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { createStore, del, get, set } from 'idb-keyval'
import { expect, test } from 'vitest'

test('happy-dom with fake-indexeddb gives fast tests a window and a working IndexedDB', async () => {
  expect(typeof window).toBe('object')
  expect(typeof document.createElement).toBe('function')
  const store = createStore('gs2ez-rig', 'kv')
  await set('token', { value: 'abc', expire: 1 }, store)
  expect(await get('token', store)).toEqual({ value: 'abc', expire: 1 })
  await del('token', store)
  expect(await get('token', store)).toBeUndefined()
})
