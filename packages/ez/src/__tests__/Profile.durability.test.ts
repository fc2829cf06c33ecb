import { isGs2Error } from '@gs2ez/core'
import { ManualTime, settle } from '@gs2ez/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { Authenticator } from '../authenticator.ts'
import type { EzEnvironment } from '../ezEnvironment.ts'
import type { EzEvent } from '../ezEvent.ts'
import { Profile, type ProfileOptions } from '../profile.ts'
import type { StorageManagerLike } from '../storage/durableStorage.ts'
import { createMemoryStore } from '../storage/memoryStore.ts'
import { fakeStorageManager } from './support/fakeStorageManager.ts'

// Storage durability through the public Profile: navigator.storage is injected through the
// environment option, the identity provider is a custom authenticator (no network needed).

const profiles: Profile[] = []
afterEach(async () => {
  await Promise.all(profiles.splice(0).map((p) => p.dispose()))
})

const environmentWith = (manager: () => StorageManagerLike | undefined): EzEnvironment => ({
  addEventListener: () => () => {},
  storageManager: manager,
})

const setUp = (
  storage: () => StorageManagerLike | undefined,
  extra: Partial<ProfileOptions> = {},
) => {
  const time = new ManualTime()
  const lookups: number[] = []
  const profile = new Profile({
    clientId: 'app',
    clientSecret: 'secret',
    endpointTemplate: 'http://127.0.0.1:1/{service}',
    store: createMemoryStore(),
    crossTab: false,
    clock: time.clock,
    timers: time.timers,
    environment: environmentWith(() => {
      lookups.push(time.now)
      return storage()
    }),
    ...extra,
  })
  profiles.push(profile)
  const events: EzEvent[] = []
  profile.events$.subscribe((e) => events.push(e))
  const log: string[] = []
  const authenticator = (id: string): Authenticator => ({
    id,
    authenticate: async () => {
      log.push(`authenticate ${id}`)
      return { token: `t-${id}`, userId: `u-${id}`, expire: time.now + 3_600_000 }
    },
  })
  return { time, profile, events, lookups, log, authenticator }
}

const durabilityEvents = (events: EzEvent[]) => events.filter((e) => e.type === 'storageDurability')

describe('Profile storage durability', () => {
  it('asks after the first successful login, never at construction, then reports on events$ and the session', async () => {
    const fake = fakeStorageManager({ grant: true, usage: 12_345, quota: 6_000_000 })
    const { profile, events, lookups, log, authenticator } = setUp(() => fake.manager)
    expect(lookups).toEqual([])
    const session = await profile.login({
      ...authenticator('a'),
      authenticate: async (context) => {
        // Nothing was asked while logging in.
        expect(fake.calls).toEqual([])
        return authenticator('a').authenticate(context)
      },
    })
    const sessionEvents: EzEvent[] = []
    session.events$.subscribe((e) => sessionEvents.push(e))
    await settle()
    expect(log).toEqual(['authenticate a'])
    expect(fake.calls).toEqual(['persisted', 'persist', 'estimate'])
    const expected = { type: 'storageDurability', persisted: true, usage: 12_345, quota: 6_000_000 }
    expect(durabilityEvents(events)).toEqual([expected])
    expect(durabilityEvents(sessionEvents)).toEqual([expected])
    expect(session.storageDurability).toEqual({ persisted: true, usage: 12_345, quota: 6_000_000 })
    // The login's own events came first.
    expect(events.map((e) => e.type).indexOf('loggedIn')).toBeLessThan(
      events.map((e) => e.type).indexOf('storageDurability'),
    )
  })

  it('checks once per profile: a second login reuses the report, with no browser call', async () => {
    const fake = fakeStorageManager({ grant: false })
    const { profile, events, authenticator } = setUp(() => fake.manager)
    await profile.login(authenticator('a'))
    await settle()
    const second = await profile.login(authenticator('b'))
    await settle()
    expect(fake.calls).toEqual(['persisted', 'persist', 'estimate'])
    expect(durabilityEvents(events)).toHaveLength(1)
    expect(second.storageDurability).toEqual({ persisted: false, usage: 2_048, quota: 1_000_000 })
  })

  it('never asks when already persisted', async () => {
    const fake = fakeStorageManager({ persisted: true })
    const { profile, authenticator } = setUp(() => fake.manager)
    const session = await profile.login(authenticator('a'))
    await settle()
    expect(fake.calls).not.toContain('persist')
    expect(session.storageDurability?.persisted).toBe(true)
  })

  it('a failed login asks nothing; the first successful one does', async () => {
    const fake = fakeStorageManager({ grant: true })
    const { profile, authenticator } = setUp(() => fake.manager)
    await expect(
      profile.login({
        id: 'down',
        authenticate: async () => {
          throw Object.assign(new Error('down'), { status: 503 })
        },
      }),
    ).rejects.toThrow('down')
    await settle()
    expect(fake.calls).toEqual([])
    await profile.login(authenticator('a'))
    await settle()
    expect(fake.calls).toEqual(['persisted', 'persist', 'estimate'])
  })

  it('a hung StorageManager never delays the login; not durable after the timeout; no timer left', async () => {
    const fake = fakeStorageManager({ hang: ['persisted', 'persist', 'estimate'] })
    const { time, profile, events, authenticator } = setUp(() => fake.manager, {
      storage: { durabilityTimeoutMs: 3_000 },
    })
    // Resolves with no time passing at all.
    const session = await profile.login(authenticator('a'))
    expect(session.state.status).toBe('active')
    expect(session.storageDurability).toBeUndefined()
    await settle()
    await time.advance(3_000)
    expect(durabilityEvents(events)).toEqual([
      { type: 'storageDurability', persisted: false, usage: undefined, quota: undefined },
    ])
    expect(session.storageDurability).toEqual({
      persisted: false,
      usage: undefined,
      quota: undefined,
    })
    await profile.dispose()
    expect(time.timerCount).toBe(0)
  })

  it('a dispose() while the browser hangs leaves no timer and reports nothing later', async () => {
    const fake = fakeStorageManager({ hang: ['persisted'] })
    const { time, profile, events, authenticator } = setUp(() => fake.manager)
    await profile.login(authenticator('a'))
    await settle()
    await profile.dispose()
    expect(time.timerCount).toBe(0)
    fake.answerHung(true)
    await settle()
    expect(durabilityEvents(events)).toEqual([])
  })

  it('a throwing StorageManager or none at all: the login works and reports not durable', async () => {
    for (const storage of [
      () => {
        throw new Error('SecurityError: navigator.storage')
      },
      () => undefined,
      () => fakeStorageManager({ throws: ['persisted', 'persist', 'estimate'] }).manager,
    ]) {
      const { profile, events, authenticator } = setUp(storage)
      const session = await profile.login(authenticator('a'))
      await settle()
      expect(session.userId).toBe('u-a')
      expect(durabilityEvents(events)).toEqual([
        { type: 'storageDurability', persisted: false, usage: undefined, quota: undefined },
      ])
    }
  })

  it('manual: the login only reports; requestDurableStorage() asks and reports to every session', async () => {
    const fake = fakeStorageManager({ grant: true, usage: 99 })
    const { profile, events, authenticator } = setUp(() => fake.manager, {
      storage: { persist: 'manual' },
    })
    const session = await profile.login(authenticator('a'))
    await settle()
    expect(fake.calls).toEqual(['persisted', 'estimate'])
    expect(session.storageDurability?.persisted).toBe(false)
    await expect(profile.requestDurableStorage()).resolves.toEqual({
      persisted: true,
      usage: 99,
      quota: 1_000_000,
    })
    expect(fake.calls.slice(2)).toEqual(['persisted', 'persist', 'estimate'])
    expect(session.storageDurability?.persisted).toBe(true)
    expect(
      durabilityEvents(events).map((e) => e.type === 'storageDurability' && e.persisted),
    ).toEqual([false, true])
  })

  it('environment null and Node (no navigator.storage) report not durable; nothing is looked up before login', async () => {
    const time = new ManualTime()
    for (const environment of [null, undefined]) {
      const profile = new Profile({
        clientId: 'app',
        clientSecret: 'secret',
        endpointTemplate: 'http://127.0.0.1:1/{service}',
        store: createMemoryStore(),
        crossTab: false,
        timers: time.timers,
        ...(environment === null ? { environment } : {}),
      })
      profiles.push(profile)
      await expect(profile.requestDurableStorage()).resolves.toEqual({
        persisted: false,
        usage: undefined,
        quota: undefined,
      })
    }
  })

  it('requestDurableStorage() on a disposed profile rejects with DisposedError, asking nothing', async () => {
    const fake = fakeStorageManager({ grant: true })
    const { profile } = setUp(() => fake.manager)
    await profile.dispose()
    await expect(profile.requestDurableStorage()).rejects.toMatchObject({ name: 'DisposedError' })
    expect(fake.calls).toEqual([])
  })

  it('validates the options, naming the field', () => {
    const base = { clientId: 'app', clientSecret: 'secret' }
    for (const [storage, field] of [
      ['manual', 'storage'],
      [null, 'storage'],
      [{ persist: 'atPageLoad' }, 'storage.persist'],
      [{ durabilityTimeoutMs: 0 }, 'storage.durabilityTimeoutMs'],
      [{ durabilityTimeoutMs: Number.NaN }, 'storage.durabilityTimeoutMs'],
      [{ durabilityTimeoutMs: '5' }, 'storage.durabilityTimeoutMs'],
    ] as const) {
      let error: unknown
      try {
        new Profile({ ...base, storage: storage as NonNullable<ProfileOptions['storage']> })
      } catch (e) {
        error = e
      }
      expect(isGs2Error(error)).toBe(true)
      expect(error).toMatchObject({ name: 'ValidationError', field })
    }
  })
})
