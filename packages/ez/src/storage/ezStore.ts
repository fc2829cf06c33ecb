import { systemTimers, type Timers } from '@gs2ez/core'
import {
  del as idbDel,
  get as idbGet,
  set as idbSet,
  promisifyRequest,
  type UseStore,
} from 'idb-keyval'
import { createMemoryStore } from './memoryStore.ts'

/** The key-value store behind the token cache and the cross-tab lease. */
export interface EzStore {
  /** Where values live right now; an IndexedDB store turns to 'memory' when it degrades. */
  readonly kind: 'indexeddb' | 'memory'
  get<T = unknown>(key: string): Promise<T | undefined>
  /** Setting `undefined` deletes the key. */
  set(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  /**
   * Atomic read-modify-write in ONE IndexedDB readwrite transaction: the cross-tab
   * compare-and-swap. The updater must be synchronous; returning `undefined` deletes the key,
   * returning `current` itself writes nothing. Errors thrown by the updater reject the call and
   * leave the value as it was.
   */
  update<T>(key: string, updater: (current: T | undefined) => T | undefined): Promise<T | undefined>
  /**
   * The store publishes its own degradation: `listener` is called once when it falls back to
   * memory, at once if it already has. Returns the function that unsubscribes. Optional: a
   * store that never degrades need not have it.
   */
  onDegraded?(listener: (info: StorageDegradedInfo) => void): () => void
  /**
   * The browser deleted what this store holds while the page was open (site data cleared, the
   * database deleted from another tab): `listener` is called each time. Optional, like
   * `onDegraded`.
   */
  onCleared?(listener: () => void): () => void
  close(): void
}

export interface StorageDegradedInfo {
  from: 'indexeddb'
  to: 'memory'
  reason: 'unavailable' | 'open-timeout' | 'blocked' | 'quota' | 'error'
  error?: unknown
}

/** Where `pagehide` is heard: `window` in a page. */
export interface LifecycleTarget {
  addEventListener(type: 'pagehide', listener: () => void): void
  removeEventListener(type: 'pagehide', listener: () => void): void
}

export interface EzStoreOptions {
  /** Default 'gs2ez'. */
  dbName?: string
  /** Default 'kv'. */
  storeName?: string
  indexedDB?: () => IDBFactory | undefined
  /** How long opening may take before the store falls back to memory. Default 3000. */
  openTimeoutMs?: number
  /** How long one operation may take once the database is open. Default 3000. */
  opTimeoutMs?: number
  /** Called once, when the store gives up on IndexedDB (same as subscribing with `onDegraded`). */
  onDegraded?: (info: StorageDegradedInfo) => void
  timers?: Timers
  /** The connection is closed on `pagehide` so the page stays eligible for the bfcache. */
  lifecycle?: () => LifecycleTarget | undefined
}

export const DEFAULT_DB_NAME = 'gs2ez'
export const DEFAULT_STORE_NAME = 'kv'

const defaultIndexedDB = (): IDBFactory | undefined =>
  typeof indexedDB === 'undefined' ? undefined : indexedDB
const defaultLifecycle = (): LifecycleTarget | undefined =>
  typeof window === 'undefined' || typeof window.addEventListener !== 'function'
    ? undefined
    : window

type DegradeReason = StorageDegradedInfo['reason']

const notify = (listener: (info: StorageDegradedInfo) => void, info: StorageDegradedInfo) => {
  try {
    listener(info)
  } catch {
    // A throwing listener must not turn a working fallback into a failure.
  }
}

/** Carries the reason an IndexedDB step failed up to the point where the store degrades. */
class StoreFailure extends Error {
  override readonly name = 'StoreFailure'
  constructor(
    readonly reason: DegradeReason,
    message: string,
    readonly error?: unknown,
  ) {
    super(message, error === undefined ? undefined : { cause: error })
  }
}

/** An updater threw: the caller's bug, not a storage failure, so it must not degrade the store. */
class UpdaterFailure {
  constructor(readonly error: unknown) {}
}

const errorName = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined

const aborted = (error: unknown): boolean => errorName(error) === 'AbortError'

const classify = (error: unknown, fallback: DegradeReason): DegradeReason => {
  if (error instanceof StoreFailure) return error.reason
  return errorName(error) === 'QuotaExceededError' ? 'quota' : fallback
}

/**
 * Opens the IndexedDB-backed store (lazily, on the first operation) and never throws: when
 * IndexedDB is missing, hangs (firebase-js-sdk #2167, #8019, #9132), is blocked, full or
 * broken, the store turns into an in-memory one that keeps every value this tab wrote or read,
 * and `onDegraded` is called once.
 */
export function openEzStore(options: EzStoreOptions = {}): EzStore {
  const dbName = options.dbName ?? DEFAULT_DB_NAME
  const storeName = options.storeName ?? DEFAULT_STORE_NAME
  const openTimeoutMs = options.openTimeoutMs ?? 3000
  const opTimeoutMs = options.opTimeoutMs ?? 3000
  const timers = options.timers ?? systemTimers

  // Everything this tab has written or read, so a fallback to memory loses nothing.
  const mirror = new Map<string, unknown>()
  let memory: EzStore | undefined
  let degradation: StorageDegradedInfo | undefined
  const degradedListeners = new Set<(info: StorageDegradedInfo) => void>()
  if (options.onDegraded !== undefined) degradedListeners.add(options.onDegraded)
  let connection: Promise<IDBDatabase> | undefined
  let lifecycle: LifecycleTarget | undefined
  let closed = false
  const clearedListeners = new Set<() => void>()
  const cleared = () => {
    for (const listener of [...clearedListeners]) {
      try {
        listener()
      } catch {
        // A throwing listener must not keep the others from hearing it.
      }
    }
  }

  const dropConnection = () => {
    const current = connection
    connection = undefined
    current?.then(
      (db) => db.close(),
      () => {},
    )
  }
  const onPageHide = () => dropConnection()

  const degrade = (reason: DegradeReason, error: unknown): EzStore => {
    if (memory) return memory
    memory = createMemoryStore(mirror)
    dropConnection()
    lifecycle?.removeEventListener('pagehide', onPageHide)
    degradation = { from: 'indexeddb', to: 'memory', reason, error }
    for (const listener of [...degradedListeners]) notify(listener, degradation)
    return memory
  }

  const openRequest = (factory: IDBFactory, version?: number): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      let settled = false
      let blocked = false
      let request: IDBOpenDBRequest
      try {
        request = version === undefined ? factory.open(dbName) : factory.open(dbName, version)
      } catch (error) {
        // Safari's "invalid security context" and Firefox private mode throw right here.
        reject(new StoreFailure('unavailable', `indexedDB.open threw: ${String(error)}`, error))
        return
      }
      const timer = timers.setTimeout(() => {
        if (settled) return
        settled = true
        reject(
          blocked
            ? new StoreFailure('blocked', `opening ${dbName} was blocked by another connection`)
            : new StoreFailure('open-timeout', `opening ${dbName} took over ${openTimeoutMs} ms`),
        )
      }, openTimeoutMs)
      request.onupgradeneeded = () => {
        const db = request.result
        if (!db.objectStoreNames.contains(storeName)) db.createObjectStore(storeName)
      }
      request.onblocked = () => {
        blocked = true
      }
      request.onsuccess = () => {
        const db = request.result
        if (settled) {
          // Opened after we gave up: close it so it blocks nobody.
          db.close()
          return
        }
        settled = true
        timers.clearTimeout(timer)
        resolve(db)
      }
      request.onerror = () => {
        if (settled) return
        settled = true
        timers.clearTimeout(timer)
        reject(new StoreFailure(classify(request.error, 'error'), 'opening failed', request.error))
      }
    })

  const open = async (): Promise<IDBDatabase> => {
    let factory: IDBFactory | undefined
    try {
      factory = (options.indexedDB ?? defaultIndexedDB)()
    } catch (error) {
      // Firefox with storage blocked throws a SecurityError from the `indexedDB` getter itself.
      throw new StoreFailure('unavailable', 'indexedDB cannot be accessed here', error)
    }
    if (!factory) throw new StoreFailure('unavailable', 'indexedDB is not available here')
    let db: IDBDatabase
    for (let attempt = 0; ; attempt++) {
      try {
        db = await openRequest(factory)
        break
      } catch (error) {
        // An open made while the browser is still deleting the data (site data cleared) is
        // aborted; one made a task later succeeds (measured in Chromium).
        if (attempt >= 2 || !(error instanceof StoreFailure) || !aborted(error.error)) throw error
        await new Promise<void>((resolve) => timers.setTimeout(resolve, 0))
      }
    }
    if (!db.objectStoreNames.contains(storeName)) {
      // The database exists without our object store (another store name, or a create race as
      // in firebase-js-sdk #634): one version bump adds it.
      const next = db.version + 1
      db.close()
      db = await openRequest(factory, next)
      if (!db.objectStoreNames.contains(storeName)) {
        db.close()
        throw new StoreFailure('error', `object store ${storeName} is missing in ${dbName}`)
      }
    }
    if (!lifecycle && !closed) {
      lifecycle = (options.lifecycle ?? defaultLifecycle)()
      lifecycle?.addEventListener('pagehide', onPageHide)
    }
    return db
  }

  const database = (): Promise<IDBDatabase> => {
    if (connection) return connection
    const opening = open()
    connection = opening
    opening.then(
      (db) => {
        // Another tab upgrading the schema, or the browser closing us, ends this connection;
        // the next operation opens a fresh one.
        db.onversionchange = (event) => {
          db.close()
          if (connection === opening) connection = undefined
          // A new version null is a deletion: the next operation opens an empty database.
          if (event.newVersion === null) cleared()
        }
        // Only an abnormal close fires this: the browser deleted the data (or lost the disk).
        db.onclose = () => {
          if (connection === opening) connection = undefined
          cleared()
        }
      },
      () => {
        if (connection === opening) connection = undefined
      },
    )
    return opening
  }

  const useStore: UseStore = async (mode, callback) => {
    let db = await database()
    let transaction: IDBTransaction
    try {
      transaction = db.transaction(storeName, mode)
    } catch (error) {
      // The connection was closed between open and use (pagehide, "database is closing" as in
      // firebase-js-sdk #10264): retry once on a fresh one.
      if (errorName(error) !== 'InvalidStateError') throw error
      dropConnection()
      db = await database()
      transaction = db.transaction(storeName, mode)
    }
    return callback(transaction.objectStore(storeName))
  }

  const withTimeout = <T>(operation: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let settled = false
      let timer: unknown
      // The open has its own timeout; this one starts with the operation itself.
      database().then(
        () => {
          if (settled) return
          timer = timers.setTimeout(() => {
            if (settled) return
            settled = true
            reject(new StoreFailure('error', `an IndexedDB operation took over ${opTimeoutMs} ms`))
          }, opTimeoutMs)
        },
        () => {},
      )
      operation.then(
        (value) => {
          if (settled) return
          settled = true
          if (timer !== undefined) timers.clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          if (settled) return
          settled = true
          if (timer !== undefined) timers.clearTimeout(timer)
          reject(error)
        },
      )
    })

  const run = async <T>(
    operation: () => Promise<T>,
    fallback: (store: EzStore) => Promise<T>,
  ): Promise<T> => {
    let error: unknown
    for (let attempt = 0; attempt < 2; attempt++) {
      if (memory) return fallback(memory)
      try {
        return await withTimeout(operation())
      } catch (caught) {
        error = caught
      }
      if (error instanceof UpdaterFailure) throw error.error
      // A lost connection (Safari's "Connection to Indexed Database server lost", an AbortError
      // as in firebase-js-sdk #7888) often heals on a fresh one, so it gets one retry. Timeouts,
      // failed opens and a full disk do not heal that way.
      if (error instanceof StoreFailure || classify(error, 'error') === 'quota') break
      dropConnection()
    }
    const reason = classify(error, 'error')
    const cause = error instanceof StoreFailure && error.error !== undefined ? error.error : error
    return fallback(degrade(reason, cause))
  }

  const remember = (key: string, value: unknown) => {
    if (value === undefined) mirror.delete(key)
    else mirror.set(key, structuredClone(value))
  }

  const updateInTransaction = <T>(
    key: string,
    updater: (current: T | undefined) => T | undefined,
  ): Promise<T | undefined> =>
    useStore(
      'readwrite',
      (store) =>
        // Built by hand: awaiting anything that is not an IDB request here would let the
        // transaction auto-commit between the read and the write.
        new Promise<T | undefined>((resolve, reject) => {
          const request = store.get(key)
          request.onerror = () => reject(request.error)
          request.onsuccess = () => {
            const current = request.result as T | undefined
            let next: T | undefined
            try {
              next = updater(current)
            } catch (error) {
              store.transaction.abort()
              reject(new UpdaterFailure(error))
              return
            }
            if (next === undefined) store.delete(key)
            else if (next !== current) store.put(next, key)
            promisifyRequest(store.transaction).then(() => resolve(next), reject)
          }
        }),
    )

  return {
    get kind() {
      return memory ? 'memory' : 'indexeddb'
    },
    get: <T>(key: string) =>
      run(
        async () => {
          const value = await idbGet<T>(key, useStore)
          remember(key, value)
          return value
        },
        (store) => store.get<T>(key),
      ),
    set: (key, value) => {
      remember(key, value)
      return run(
        () => (value === undefined ? idbDel(key, useStore) : idbSet(key, value, useStore)),
        (store) => store.set(key, value),
      )
    },
    del: (key) => {
      mirror.delete(key)
      return run(
        () => idbDel(key, useStore),
        (store) => store.del(key),
      )
    },
    update: <T>(key: string, updater: (current: T | undefined) => T | undefined) =>
      run(
        async () => {
          const next = await updateInTransaction(key, updater)
          remember(key, next)
          return next
        },
        (store) => store.update(key, updater),
      ),
    onDegraded: (listener) => {
      if (degradation !== undefined) {
        notify(listener, degradation)
        return () => {}
      }
      degradedListeners.add(listener)
      return () => {
        degradedListeners.delete(listener)
      }
    },
    onCleared: (listener) => {
      clearedListeners.add(listener)
      return () => {
        clearedListeners.delete(listener)
      }
    },
    close: () => {
      closed = true
      clearedListeners.clear()
      lifecycle?.removeEventListener('pagehide', onPageHide)
      lifecycle = undefined
      dropConnection()
    },
  }
}
