import { describe, expect, test } from 'vitest'
import { DomainCache } from '../facade/domainCache.ts'

const fakeClock = (start = 1_000) => {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('DomainCache', () => {
  test('serves an entry for 15 minutes by default', () => {
    const clock = fakeClock()
    const cache = new DomainCache({ clock })
    cache.set('k', { gold: 10 })
    clock.advance(15 * 60_000 - 1)
    expect(cache.get('k')).toEqual({ hit: true, value: { gold: 10 } })
    clock.advance(1)
    expect(cache.get('k')).toEqual({ hit: false })
  })

  test('honours a custom TTL', () => {
    const clock = fakeClock()
    const cache = new DomainCache({ clock, ttlMs: 100 })
    cache.set('k', 1)
    clock.advance(100)
    expect(cache.get('k')).toEqual({ hit: false })
  })

  test('caches a 404 as null, which is a hit', () => {
    const cache = new DomainCache({ clock: fakeClock() })
    cache.set('missing', null)
    expect(cache.get('missing')).toEqual({ hit: true, value: null })
    expect(cache.get('never-set')).toEqual({ hit: false })
  })

  test('delete() and clear()', () => {
    const cache = new DomainCache({ clock: fakeClock() })
    cache.set('a', 1)
    cache.set('b', 2)
    cache.delete('a')
    expect(cache.get('a')).toEqual({ hit: false })
    expect(cache.get('b')).toEqual({ hit: true, value: 2 })
    cache.clear()
    expect(cache.get('b')).toEqual({ hit: false })
  })

  test('sweeps expired entries nobody reads again', () => {
    const clock = fakeClock()
    const cache = new DomainCache({ clock, ttlMs: 10 })
    for (let i = 0; i < 100; i++) cache.set(`old-${i}`, i)
    clock.advance(10)
    for (let i = 0; i < 200; i++) cache.set(`new-${i}`, i)
    expect(cache.size).toBeLessThanOrEqual(200)
  })
})

describe('DomainCache.key', () => {
  const base = {
    service: 'inventory',
    namespaceName: 'ns',
    timeOffset: 0,
    model: 'Item',
    id: 'sword',
  }

  test('has the documented shape', () => {
    expect(DomainCache.key({ ...base, userId: 'u1' })).toBe('inventory:ns:u1:0:Item:sword')
    expect(DomainCache.key(base)).toBe('inventory:ns:0:Item:sword')
  })

  test('keeps users, time offsets and models apart', () => {
    const keys = new Set([
      DomainCache.key({ ...base, userId: 'u1' }),
      DomainCache.key({ ...base, userId: 'u2' }),
      DomainCache.key({ ...base, userId: 'u1', timeOffset: 3600 }),
      DomainCache.key({ ...base, userId: 'u1', model: 'Other' }),
      DomainCache.key(base),
    ])
    expect(keys.size).toBe(5)
  })

  test('a colon inside a part cannot collide with the separator', () => {
    expect(DomainCache.key({ ...base, userId: 'a:0' })).not.toBe(
      DomainCache.key({ ...base, namespaceName: 'ns:a', userId: '0' }),
    )
  })
})
