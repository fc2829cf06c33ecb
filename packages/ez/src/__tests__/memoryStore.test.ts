import { expect, test } from 'vitest'
import { createMemoryStore } from '../storage/memoryStore.ts'

test('clones values on the way in and out, like IndexedDB', async () => {
  const store = createMemoryStore()
  const value = { a: 1 }
  await store.set('k', value)
  value.a = 2
  const read = await store.get<{ a: number }>('k')
  expect(read).toEqual({ a: 1 })
  if (read) read.a = 3
  expect(await store.get('k')).toEqual({ a: 1 })
})

test('update() is atomic within the tab, deletes on undefined, keeps the value on a throw', async () => {
  const store = createMemoryStore()
  await Promise.all(
    Array.from({ length: 10 }, () => store.update<number>('n', (n) => (n ?? 0) + 1)),
  )
  expect(await store.get('n')).toBe(10)
  await expect(
    store.update('n', () => {
      throw new Error('updater bug')
    }),
  ).rejects.toThrow('updater bug')
  expect(await store.get('n')).toBe(10)
  expect(await store.update('n', () => undefined)).toBeUndefined()
  expect(await store.get('n')).toBeUndefined()
})

test('starts from given entries and reports its kind', async () => {
  const store = createMemoryStore([['a', { x: 1 }]])
  expect(await store.get('a')).toEqual({ x: 1 })
  expect(store.kind).toBe('memory')
  await store.set('a', undefined)
  expect(await store.get('a')).toBeUndefined()
  await store.set('b', 2)
  await store.del('b')
  expect(await store.get('b')).toBeUndefined()
})
