import type { StorageManagerLike } from './storage/durableStorage.ts'

/**
 * Moments when a page may have slept or been throttled, so a timer may be late: the session
 * re-checks its deadlines on each. `resume` is the Page Lifecycle event after a frozen tab.
 */
export type WakeEvent = 'visibilitychange' | 'pageshow' | 'focus' | 'online' | 'resume'

export const WAKE_EVENTS: readonly WakeEvent[] = [
  'visibilitychange',
  'pageshow',
  'focus',
  'online',
  'resume',
]

/**
 * The page lifecycle as the session sees it. Inject one to drive wake-ups from a game engine,
 * a test, or a non-DOM host; by default the browser's `window`/`document` are used when they
 * exist and nothing is listened to in Node or SSR.
 */
export interface EzEnvironment {
  /** Subscribes to a wake event; returns the function that unsubscribes. */
  addEventListener(type: WakeEvent, listener: () => void): () => void
  /** False while the page is hidden; the session then skips nothing but reports it. */
  isVisible?(): boolean
  /** False when the device says it is offline. */
  isOnline?(): boolean
  /**
   * The host's StorageManager (`navigator.storage`), for storage durability. When absent, the
   * browser's is used (`browserStorageManager`); return undefined for none.
   */
  storageManager?(): StorageManagerLike | undefined
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
}

const on = (target: EventTargetLike, type: string, listener: () => void) => {
  target.addEventListener(type, listener)
  return () => target.removeEventListener(type, listener)
}

/**
 * The browser environment, read from globalThis when called (never at import), or undefined
 * where there is no `window` (Node, SSR, workers without `addEventListener`).
 */
export const browserEnvironment = (): EzEnvironment | undefined => {
  const g = globalThis as {
    window?: EventTargetLike
    document?: EventTargetLike & { visibilityState?: string }
    navigator?: { onLine?: boolean }
  }
  const win = g.window
  if (win === undefined || typeof win.addEventListener !== 'function') return undefined
  const doc = g.document
  return {
    addEventListener(type, listener) {
      // visibilitychange and resume fire on document; the rest on window.
      if ((type === 'visibilitychange' || type === 'resume') && doc !== undefined) {
        return on(doc, type, listener)
      }
      return on(win, type, listener)
    },
    isVisible: () => doc?.visibilityState !== 'hidden',
    isOnline: () => g.navigator?.onLine !== false,
    storageManager: browserStorageManager,
  }
}

/**
 * The browser's `navigator.storage`, read from globalThis when called (never at import), or
 * undefined where there is none (Node, old Safari, an insecure context, where it is hidden).
 */
export const browserStorageManager = (): StorageManagerLike | undefined => {
  const g = globalThis as { navigator?: { storage?: StorageManagerLike } }
  const storage = g.navigator?.storage
  return typeof storage === 'object' && storage !== null ? storage : undefined
}

/**
 * The StorageManager of the `environment` option: none for `null` (no host at all), the
 * environment's own when it has one, else the browser's.
 */
export const environmentStorageManager = (
  environment: EzEnvironment | null | undefined,
): StorageManagerLike | undefined => {
  if (environment === null) return undefined
  if (typeof environment?.storageManager === 'function') return environment.storageManager()
  return browserStorageManager()
}
