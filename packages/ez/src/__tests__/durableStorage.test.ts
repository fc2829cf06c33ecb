import { ManualTime, settle } from '@gs2ez/test-utils'
import { describe, expect, it } from 'vitest'
import {
  DurableStorage,
  type DurableStorageOptions,
  type StorageDurability,
} from '../storage/durableStorage.ts'
import { fakeStorageManager } from './support/fakeStorageManager.ts'

const create = (
  options: Partial<DurableStorageOptions> & Pick<DurableStorageOptions, 'storageManager'>,
) => {
  const time = new ManualTime()
  const reports: StorageDurability[] = []
  const durable = new DurableStorage({
    timers: time.timers,
    onReport: (d) => reports.push(d),
    ...options,
  })
  return { time, durable, reports }
}

describe('DurableStorage', () => {
  it('asks only after login, once, and reports persisted, usage and quota', async () => {
    const fake = fakeStorageManager({ grant: true, usage: 4_096, quota: 9_999 })
    const { durable, reports } = create({ storageManager: () => fake.manager })
    expect(fake.calls).toEqual([])
    durable.afterLogin()
    durable.afterLogin()
    await settle()
    expect(fake.calls).toEqual(['persisted', 'persist', 'estimate'])
    expect(reports).toEqual([{ persisted: true, usage: 4_096, quota: 9_999 }])
    expect(durable.current).toEqual(reports[0])
  })

  it('never asks when the origin is already persisted', async () => {
    const fake = fakeStorageManager({ persisted: true })
    const { durable, reports } = create({ storageManager: () => fake.manager })
    await durable.request()
    expect(fake.calls).toEqual(['persisted', 'estimate'])
    expect(reports).toEqual([{ persisted: true, usage: 2_048, quota: 1_000_000 }])
  })

  it('asks at most once per page for the same StorageManager, unless the game asks again', async () => {
    const fake = fakeStorageManager({ grant: false })
    const first = create({ storageManager: () => fake.manager })
    first.durable.afterLogin()
    await settle()
    // A second profile on the same page (the same navigator.storage) does not prompt again.
    const second = create({ storageManager: () => fake.manager })
    second.durable.afterLogin()
    await settle()
    expect(fake.calls).toEqual(['persisted', 'persist', 'estimate', 'persisted', 'estimate'])
    expect(second.reports).toEqual([{ persisted: false, usage: 2_048, quota: 1_000_000 }])
    // The game's own request asks again (its moment: "Save my progress").
    await second.durable.request()
    expect(fake.calls.slice(5)).toEqual(['persisted', 'persist', 'estimate'])
  })

  it('manual: the first login only reports; request() asks', async () => {
    const fake = fakeStorageManager({ grant: true })
    const { durable, reports } = create({ storageManager: () => fake.manager, persist: 'manual' })
    durable.afterLogin()
    await settle()
    expect(fake.calls).toEqual(['persisted', 'estimate'])
    expect(reports).toEqual([{ persisted: false, usage: 2_048, quota: 1_000_000 }])
    await expect(durable.request()).resolves.toEqual({
      persisted: true,
      usage: 2_048,
      quota: 1_000_000,
    })
  })

  it('no StorageManager (Node, old Safari, insecure context): persisted false, no usage or quota', async () => {
    const { durable, reports } = create({ storageManager: () => undefined })
    await expect(durable.request()).resolves.toEqual({
      persisted: false,
      usage: undefined,
      quota: undefined,
    })
    const throwing = create({
      storageManager: () => {
        throw new Error('SecurityError')
      },
    })
    await expect(throwing.durable.request()).resolves.toMatchObject({ persisted: false })
    expect(reports).toHaveLength(1)
  })

  it('a throwing or hung persisted() reports not durable, within the timeout, and never asks', async () => {
    const throwing = fakeStorageManager({ throws: ['persisted'] })
    const a = create({ storageManager: () => throwing.manager })
    await expect(a.durable.request()).resolves.toEqual({
      persisted: false,
      usage: undefined,
      quota: undefined,
    })
    expect(throwing.calls).toEqual(['persisted'])

    const hanging = fakeStorageManager({ hang: ['persisted'] })
    const b = create({ storageManager: () => hanging.manager, timeoutMs: 5_000 })
    let result: StorageDurability | undefined
    void b.durable.request().then((r) => {
      result = r
    })
    await b.time.advance(4_999)
    expect(result).toBeUndefined()
    await b.time.advance(1)
    expect(result).toEqual({ persisted: false, usage: undefined, quota: undefined })
    expect(hanging.calls).toEqual(['persisted'])
    expect(b.time.timerCount).toBe(0)
  })

  it('a hung estimate leaves usage and quota undefined but keeps persisted', async () => {
    const fake = fakeStorageManager({ persisted: true, hang: ['estimate'] })
    const { durable, time } = create({ storageManager: () => fake.manager })
    const result = durable.request()
    await settle()
    await time.advance(10_000)
    await expect(result).resolves.toEqual({ persisted: true, usage: undefined, quota: undefined })
  })

  it('a prompt answered after the timeout is reported again; one prompt at a time', async () => {
    const fake = fakeStorageManager({ hang: ['persist'] })
    const { durable, time, reports } = create({ storageManager: () => fake.manager })
    const first = durable.request()
    await settle()
    const second = durable.request() // while the prompt is open: shares it
    await settle()
    await time.advance(10_000)
    await expect(first).resolves.toMatchObject({ persisted: false })
    await expect(second).resolves.toMatchObject({ persisted: false })
    expect(fake.calls.filter((c) => c === 'persist')).toHaveLength(1)
    fake.answerHung(true)
    await settle()
    await settle()
    expect(reports.at(-1)).toEqual({ persisted: true, usage: 2_048, quota: 1_000_000 })
  })

  it('odd answers are not trusted: a non-boolean persisted, negative or NaN byte counts', async () => {
    const { durable } = create({
      storageManager: () => ({
        persisted: async () => 'yes' as unknown as boolean,
        estimate: async () => ({ usage: -1, quota: Number.NaN }),
      }),
    })
    await expect(durable.request()).resolves.toEqual({
      persisted: false,
      usage: undefined,
      quota: undefined,
    })
  })

  it('subscribe() replays the last report; dispose() clears timers and stops reports', async () => {
    const fake = fakeStorageManager({ persisted: true })
    const { durable, reports } = create({ storageManager: () => fake.manager })
    await durable.request()
    const heard: StorageDurability[] = []
    const unsubscribe = durable.subscribe((d) => heard.push(d))
    expect(heard).toEqual([{ persisted: true, usage: 2_048, quota: 1_000_000 }])
    unsubscribe()

    const hanging = fakeStorageManager({ hang: ['persisted'] })
    const other = create({ storageManager: () => hanging.manager })
    void other.durable.request()
    await settle()
    expect(other.time.timerCount).toBe(1)
    other.durable.dispose()
    expect(other.time.timerCount).toBe(0)
    hanging.answerHung(true)
    await settle()
    expect(other.reports).toEqual([])
    expect(reports).toHaveLength(1)
  })
})
