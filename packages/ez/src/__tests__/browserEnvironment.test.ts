// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import {
  browserEnvironment,
  browserStorageManager,
  environmentStorageManager,
} from '../ezEnvironment.ts'

describe('browserEnvironment', () => {
  it('listens on document for visibilitychange/resume and on window for the rest', () => {
    const env = browserEnvironment()
    expect(env).toBeDefined()
    const seen: string[] = []
    const removers = (['visibilitychange', 'pageshow', 'focus', 'online', 'resume'] as const).map(
      (type) => env?.addEventListener(type, () => seen.push(type)),
    )
    document.dispatchEvent(new Event('visibilitychange'))
    document.dispatchEvent(new Event('resume'))
    window.dispatchEvent(new Event('pageshow'))
    window.dispatchEvent(new Event('focus'))
    window.dispatchEvent(new Event('online'))
    expect(seen).toEqual(['visibilitychange', 'resume', 'pageshow', 'focus', 'online'])
    for (const remove of removers) remove?.()
    window.dispatchEvent(new Event('online'))
    expect(seen).toHaveLength(5)
  })

  it('reports visibility and connectivity', () => {
    const env = browserEnvironment()
    expect(env?.isVisible?.()).toBe(true)
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    expect(env?.isVisible?.()).toBe(false)
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    expect(env?.isOnline?.()).toBe(false)
  })
})

describe('browserEnvironment outside a browser', () => {
  it('is undefined without window', () => {
    vi.stubGlobal('window', undefined)
    expect(browserEnvironment()).toBeUndefined()
  })
})

describe('the StorageManager of the environment option', () => {
  const storage = { persisted: async () => true }

  it("is the browser's navigator.storage, looked up on each call (never at import)", () => {
    const env = browserEnvironment()
    vi.stubGlobal('navigator', { onLine: true, storage })
    expect(env?.storageManager?.()).toBe(storage)
    expect(environmentStorageManager(undefined)).toBe(storage)
    // A custom environment without one (a game engine's wake events) still gets the browser's.
    expect(environmentStorageManager({ addEventListener: () => () => {} })).toBe(storage)
    vi.stubGlobal('navigator', { onLine: true })
    expect(browserStorageManager()).toBeUndefined()
  })

  it("is the environment's own when it has one, and none for environment: null", () => {
    vi.stubGlobal('navigator', { onLine: true, storage })
    const own = { estimate: async () => ({ usage: 1, quota: 2 }) }
    expect(
      environmentStorageManager({ addEventListener: () => () => {}, storageManager: () => own }),
    ).toBe(own)
    expect(environmentStorageManager(null)).toBeUndefined()
  })

  it('is undefined without navigator.storage (Node, old Safari, an insecure context)', () => {
    vi.stubGlobal('navigator', undefined)
    expect(browserStorageManager()).toBeUndefined()
    vi.stubGlobal('navigator', { storage: null })
    expect(browserStorageManager()).toBeUndefined()
  })
})
