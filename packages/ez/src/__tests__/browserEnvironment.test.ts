// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { browserEnvironment } from '../ezEnvironment.ts'

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
