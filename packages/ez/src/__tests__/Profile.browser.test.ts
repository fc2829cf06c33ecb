// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { ManualTime, settle } from '@gs2ez/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Authenticator } from '../authenticator.ts'
import type { EzEvent } from '../ezEvent.ts'
import { Profile } from '../profile.ts'

// The defaults a browser game gets without injecting anything: IndexedDB from the page, wake
// events from window/document. Only the clock is injected, so the test can jump it.

const profiles: Profile[] = []
afterEach(async () => {
  await Promise.all(profiles.splice(0).map((p) => p.dispose()))
})

const make = (time: ManualTime, dbName: string) => {
  const profile = new Profile({
    clientId: 'app',
    clientSecret: 'secret',
    endpointTemplate: 'http://127.0.0.1:1/{service}',
    clock: time.clock,
    storage: { dbName },
  })
  profiles.push(profile)
  return profile
}

const authenticatorFor = (time: ManualTime) => {
  let n = 0
  const authenticate = vi.fn<Authenticator['authenticate']>(async () => {
    n += 1
    return { token: `t${n}`, userId: 'player', expire: time.now + 3_600_000 }
  })
  return { id: 'fake', namespaceName: 'default', authenticate }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await settle()
  expect(check()).toBe(true)
}

describe('Profile in a browser page (happy-dom, IndexedDB)', () => {
  it('persists in IndexedDB: a reload restores without authenticating', async () => {
    const time = new ManualTime()
    const first = authenticatorFor(time)
    await (await make(time, 'reload').login(first)).dispose()
    const second = authenticatorFor(time)
    const profile = make(time, 'reload')
    const events: EzEvent['type'][] = []
    const session = await profile.login(second)
    session.events$.subscribe((e) => events.push(e.type))
    expect(profile.store.kind).toBe('indexeddb')
    expect(second.authenticate).not.toHaveBeenCalled()
    expect((await session.getAccessToken()).token).toBe('t1')
    expect(events).toContain('restoredFromCache')
  })

  it.each([
    ['visibilitychange', () => document.dispatchEvent(new Event('visibilitychange'))],
    ['pageshow', () => window.dispatchEvent(new Event('pageshow'))],
    ['focus', () => window.dispatchEvent(new Event('focus'))],
  ])('re-authenticates on %s after the laptop slept past the deadline', async (_, fire) => {
    const time = new ManualTime()
    const auth = authenticatorFor(time)
    const session = await make(time, `wake-${_}`).login(auth)
    time.jump(2 * 3_600_000)
    fire()
    await until(() => auth.authenticate.mock.calls.length === 2)
    expect(auth.authenticate.mock.calls[1]?.[0].reason).toBe('resume')
    await until(() => session.accessToken?.token === 't2')
  })

  it('dispose() removes the window listeners', async () => {
    const time = new ManualTime()
    const auth = authenticatorFor(time)
    const profile = make(time, 'dispose')
    await profile.login(auth)
    await profile.dispose()
    time.jump(2 * 3_600_000)
    window.dispatchEvent(new Event('focus'))
    await settle()
    expect(auth.authenticate).toHaveBeenCalledTimes(1)
  })
})
