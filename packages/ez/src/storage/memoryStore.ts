import type { EzStore } from './ezStore.ts'

// Values are cloned on the way in and out, like IndexedDB's structured clone, so code that
// works on the memory fallback cannot come to depend on sharing objects with the store.
const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value))

/**
 * An EzStore that lives in this tab only. `update()` is atomic because it runs synchronously
 * between two awaits, which is all the atomicity a single tab needs.
 */
export function createMemoryStore(entries?: Iterable<readonly [string, unknown]>): EzStore {
  const values = new Map<string, unknown>()
  for (const [key, value] of entries ?? []) values.set(key, clone(value))
  return {
    kind: 'memory',
    get: async <T>(key: string) => clone(values.get(key)) as T | undefined,
    set: async (key, value) => {
      if (value === undefined) values.delete(key)
      else values.set(key, clone(value))
    },
    del: async (key) => {
      values.delete(key)
    },
    update: async <T>(key: string, updater: (current: T | undefined) => T | undefined) => {
      const current = clone(values.get(key)) as T | undefined
      const next = updater(current)
      // Returning `current` itself means "leave it": nothing is written.
      if (next === current && next !== undefined) return clone(next)
      if (next === undefined) values.delete(key)
      else values.set(key, clone(next))
      return clone(next)
    },
    close: () => {},
  }
}
