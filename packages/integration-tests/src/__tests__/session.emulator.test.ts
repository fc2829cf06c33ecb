import { Gs2AccountRestClient } from '@gs2ez/account'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import { BasicGs2Credential, Gs2RestSession, isGs2Error } from '@gs2ez/core'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { afterEach, describe, expect, it } from 'vitest'

// Session behaviour that only a real server shows: the server's clock, tokens the server drops.

const running: RunningEmulator[] = []
const sessions: Gs2RestSession[] = []

afterEach(async () => {
  for (const session of sessions.splice(0)) session.close()
  await Promise.all(running.splice(0).map((e) => e.close()))
})

const start = async (options: Parameters<typeof startEmulator>[0] = {}) => {
  const emulator = await startEmulator(options)
  running.push(emulator)
  return emulator
}

const sessionFor = (emulator: RunningEmulator) => {
  const { clientId, clientSecret } = emulator.credentials.application
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential(clientId, clientSecret),
    endpointTemplate: emulator.endpointTemplate,
  })
  sessions.push(session)
  return session
}

const requestLog = async (emulator: RunningEmulator) => {
  const log = (await (
    await fetch(`${emulator.url}/__emulator/requests`, {
      headers: { 'x-gs2ez-admin-token': emulator.adminToken },
    })
  ).json()) as {
    items: { method: string; path: string; status: number }[]
  }
  return log.items.map((r) => `${r.method} ${r.path} ${r.status}`)
}

describe('session against the emulator', () => {
  it('estimates the server clock from Date headers (server 90 s ahead)', async () => {
    const skew = 90_000
    const emulator = await start({ clock: { now: () => Date.now() + skew } })
    const auth = new Gs2AuthRestClient(sessionFor(emulator))
    const session = sessions[0]!
    for (let i = 0; i < 4; i++) await auth.getServiceVersion()
    expect(session.serverClock.samples).toBeGreaterThanOrEqual(4)
    // Date has 1 s resolution: the estimate is within one second of the truth.
    expect(Math.abs(session.serverClock.offsetMs - skew)).toBeLessThanOrEqual(1000)
    expect(Math.abs(session.serverClock.now() - (Date.now() + skew))).toBeLessThanOrEqual(1000)
  })

  it('logs in again and replays when the server has dropped the project token', async () => {
    const emulator = await start()
    const session = sessionFor(emulator)
    const account = new Gs2AccountRestClient(session)
    await session.connect()
    // Wipes every project token (and account) on the server; the session still holds its token.
    const reset = await fetch(`${emulator.url}/__emulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gs2ez-admin-token': emulator.adminToken },
    })
    expect(reset.status).toBe(200)
    const { item } = await account.createAccount({ namespaceName: 'default' })
    expect(item.userId).toBeTruthy()
    // The reset also cleared the request log: what follows is the rejected call, one new login
    // and the replay.
    expect(await requestLog(emulator)).toEqual([
      'POST /account/default/account 401',
      'POST /identifier/projectToken/login 200',
      'POST /account/default/account 200',
    ])
  })

  it('logs in again when the server thinks the project token expired early', async () => {
    let skew = 0
    const emulator = await start({ clock: { now: () => Date.now() + skew } })
    const session = sessionFor(emulator)
    const auth = new Gs2AuthRestClient(session)
    await session.connect()
    skew = 2 * 3_600_000
    await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })
    expect((await requestLog(emulator)).slice(-3)).toEqual([
      'GET /auth/system/version 401',
      'POST /identifier/projectToken/login 200',
      'GET /auth/system/version 200',
    ])
  })

  it('keeps the server error codes of a failed call', async () => {
    const emulator = await start()
    const account = new Gs2AccountRestClient(sessionFor(emulator))
    const error = await account
      .getAccount({ namespaceName: 'default', userId: 'nobody' })
      .catch((e: unknown) => e)
    expect(isGs2Error(error, 'NotFoundError')).toBe(true)
    expect(error).toMatchObject({ status: 404, retryable: false })
    expect((error as { details: unknown[] }).details.length).toBeGreaterThan(0)
  })
})
