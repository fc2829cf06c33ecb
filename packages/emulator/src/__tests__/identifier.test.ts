import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('identifier: POST /identifier/projectToken/login', () => {
  it('issues a project token for both built-in credentials', async () => {
    h = await startHarness()
    for (const c of [h.emulator.credentials.application, h.emulator.credentials.trusted]) {
      const r = await h.projectLogin(c.clientId, c.clientSecret)
      expect(r.status).toBe(200)
      expect(r.json).toEqual({
        access_token: expect.stringMatching(/^[\w-]{43}$/),
        token_type: 'Bearer',
        expires_in: 3600,
        owner_id: 'gs2ez-local',
      })
    }
    expect(h.emulator.credentials.application.clientId).toBe('gs2ez-demo-app')
    expect(h.emulator.credentials.trusted.clientId).toBe('gs2ez-demo-server')
  })

  it('refuses a wrong secret or an unknown client with 401, and missing fields with 400', async () => {
    h = await startHarness()
    expectGs2Error(await h.projectLogin('gs2ez-demo-app', 'nope'), 401, {
      code: 'identifier.credential.invalid',
    })
    expectGs2Error(await h.projectLogin('who', 'gs2ez-demo-app-secret'), 401, {
      code: 'identifier.credential.invalid',
    })
    const missing = await h.call('POST', '/identifier/projectToken/login', {
      body: { client_id: 'x' },
      projectToken: null,
    })
    expectGs2Error(missing, 400, { component: 'client_secret' })
  })

  it('accepts credentials from the config and can drop the demo pair', async () => {
    h = await startHarness({
      config: {
        defaultCredentials: false,
        credentials: [
          { clientId: 'game', clientSecret: 'game-secret-1', kind: 'application' },
          { clientId: 'srv', clientSecret: 'srv-secret-1', kind: 'trusted' },
        ],
      },
    })
    expect(h.emulator.credentials.application).toEqual({
      clientId: 'game',
      clientSecret: 'game-secret-1',
    })
    expect((await h.projectLogin('gs2ez-demo-app', 'gs2ez-demo-app-secret')).status).toBe(401)
  })

  it('expires project tokens after the configured lifetime', async () => {
    const clock = manualClock()
    h = await startHarness({ clock, config: { projectTokenTtlSeconds: 60 } })
    expect((await h.call('GET', '/auth/system/version')).status).toBe(200)
    clock.advance(60_000)
    expectGs2Error(await h.call('GET', '/auth/system/version'), 401, {
      code: 'identifier.projectToken.expired',
    })
  })

  it('requires a known project token on every service and a matching X-GS2-CLIENT-ID', async () => {
    h = await startHarness()
    expectGs2Error(await h.call('GET', '/auth/system/version', { projectToken: null }), 401, {
      code: 'identifier.projectToken.missing',
    })
    expectGs2Error(await h.call('GET', '/account/', { projectToken: 'forged' }), 401, {
      code: 'identifier.projectToken.invalid',
    })
    const mismatch = await h.call('GET', '/key/', {
      headers: { 'x-gs2-client-id': 'gs2ez-demo-server' },
    })
    expectGs2Error(mismatch, 401, { code: 'identifier.clientId.mismatch' })
    const match = await h.call('GET', '/key/', { headers: { 'x-gs2-client-id': 'gs2ez-demo-app' } })
    expect(match.status).toBe(200)
  })
})
