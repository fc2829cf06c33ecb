import { afterEach, describe, expect, it } from 'vitest'
import { Gs2AccountAuthenticator } from '../gs2AccountAuthenticator.ts'
import { authPaths, nextEvent, type Rig, startRig } from './support/emulatorRig.ts'

// Two profiles over one (fake) IndexedDB and Node's BroadcastChannel behave like two tabs of
// one browser profile; the real-Chromium version of this lives in the *.chromium tests.

let rig: Rig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

const HOUR = 3_600_000

const twoTabs = async (r: Rig) => {
  const a = await r.profile().login(new Gs2AccountAuthenticator())
  const b = await r.profile().login(new Gs2AccountAuthenticator())
  return { a, b }
}

describe('two tabs against the emulator', () => {
  it('the second tab adopts the first tab’s session with zero requests', async () => {
    rig = await startRig()
    const a = await rig.profile().login(new Gs2AccountAuthenticator())
    rig.requests = []
    const b = await rig.profile().login(new Gs2AccountAuthenticator())
    expect(b.userId).toBe(a.userId)
    expect(await b.getAccessToken()).toEqual(await a.getAccessToken())
    expect(rig.requests).toEqual([])
  })

  it('both tabs reading across an expiry cause exactly one re-authentication', async () => {
    rig = await startRig()
    const { a, b } = await twoTabs(rig)
    rig.time.jump(HOUR + 1_000)
    rig.requests = []
    const [ta, tb] = await Promise.all([
      Promise.all(Array.from({ length: 50 }, () => a.getAccessToken())),
      Promise.all(Array.from({ length: 50 }, () => b.getAccessToken())),
    ])
    expect(authPaths(rig.requests)).toHaveLength(2)
    expect(new Set([...ta, ...tb].map((t) => t.token)).size).toBe(1)
  })

  it('a proactive refresh in one tab reaches the other without a request from it', async () => {
    rig = await startRig({ tokenTtlSeconds: 120 })
    const { a, b } = await twoTabs(rig)
    const adopted = Promise.race([nextEvent(a, 'tokenAdopted'), nextEvent(b, 'tokenAdopted')])
    rig.requests = []
    await rig.time.advance(81_000)
    await adopted
    expect(authPaths(rig.requests)).toHaveLength(2)
    expect((await a.getAccessToken()).token).toBe((await b.getAccessToken()).token)
  })

  it('logout in one tab signs the other out', async () => {
    rig = await startRig()
    const { a, b } = await twoTabs(rig)
    const signedOut = nextEvent(b, 'signedOut')
    await a.logout()
    expect(await signedOut).toEqual({ type: 'signedOut', reason: 'otherTab' })
    await expect(b.getAccessToken()).rejects.toMatchObject({ name: 'SignedOutError' })
  })
})
