import type { StorageManagerLike } from '../../storage/durableStorage.ts'

export interface FakeStorageManagerOptions {
  /** The origin is already in persistent storage. */
  persisted?: boolean
  /** persist() grants (default false: denied, as Chrome's heuristics do for a new site). */
  grant?: boolean
  usage?: number
  quota?: number
  /** These methods never answer. */
  hang?: readonly ('persisted' | 'persist' | 'estimate')[]
  /** These methods throw synchronously. */
  throws?: readonly ('persisted' | 'persist' | 'estimate')[]
}

/**
 * A `navigator.storage` the test controls: it records every call in order, can hang or throw
 * per method, and lets a hung persist() be answered later (a Firefox prompt left open).
 */
export const fakeStorageManager = (options: FakeStorageManagerOptions = {}) => {
  const calls: string[] = []
  let persisted = options.persisted ?? false
  const hung: ((value: boolean) => void)[] = []
  const run = <T>(method: 'persisted' | 'persist' | 'estimate', answer: () => T): Promise<T> => {
    calls.push(method)
    if (options.throws?.includes(method)) throw new Error(`${method} failed`)
    if (options.hang?.includes(method)) {
      return new Promise<T>((resolve) => {
        hung.push((value) => resolve((method === 'estimate' ? answer() : value) as T))
      })
    }
    return Promise.resolve(answer())
  }
  const manager: StorageManagerLike = {
    persisted: () => run('persisted', () => persisted),
    persist: () =>
      run('persist', () => {
        if (options.grant) persisted = true
        return persisted
      }),
    estimate: () =>
      run('estimate', () => ({ usage: options.usage ?? 2_048, quota: options.quota ?? 1_000_000 })),
  }
  return {
    manager,
    calls,
    /** Answers every hung call (a prompt the player finally answered). */
    answerHung(value: boolean) {
      if (value) persisted = true
      for (const resolve of hung.splice(0)) resolve(value)
    },
  }
}
