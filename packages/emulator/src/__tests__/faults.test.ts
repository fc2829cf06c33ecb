import { afterEach, describe, expect, it } from 'vitest'
import { createEmulator } from '../createEmulator.ts'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

let h: Harness
afterEach(async () => {
  await h?.close()
})

type Fault = Record<string, unknown> & { faultId: string }
const admin = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  h.admin<T>(method, path, body)
const addFault = async (spec: Record<string, unknown>): Promise<Fault> => {
  const r = await admin<{ item: Fault }>('POST', '/faults', spec)
  expect(r.status, JSON.stringify(r.json)).toBe(200)
  return r.json.item
}
const version = () => h.call('GET', '/auth/system/version')

describe('fault injection', () => {
  it('answers a GS2-shaped status for a count, then serves normally', async () => {
    h = await startHarness()
    const fault = await addFault({ api: 'auth.getServiceVersion', status: 503, times: 2 })
    expect(fault).toMatchObject({
      api: 'auth.getServiceVersion',
      method: 'GET',
      path: '/auth/system/version',
      status: 503,
      remaining: 2,
      expiresAt: null,
      hits: 0,
      drop: false,
    })
    expectGs2Error(await version(), 503, { code: 'emulator.fault.injected' })
    const listed = await admin<{ items: Fault[] }>('GET', '/faults')
    expect(listed.json.items).toMatchObject([{ faultId: fault.faultId, remaining: 1, hits: 1 }])
    expectGs2Error(await version(), 503, { code: 'emulator.fault.injected' })
    expect((await version()).status).toBe(200)
    expect((await admin<{ items: Fault[] }>('GET', '/faults')).json.items).toEqual([])
    const log = await admin<{ items: { path: string; status: number }[] }>('GET', '/requests')
    expect(
      log.json.items.filter((e) => e.path === '/auth/system/version').map((e) => e.status),
    ).toEqual([503, 503, 200])
  })

  it('sends Retry-After with a 429, and CORS headers so a browser can read it', async () => {
    h = await startHarness()
    await addFault({ api: 'auth.loginBySignature', status: 429, retryAfterSeconds: 7 })
    const r = await h.call('POST', '/auth/login/signed', {
      body: { keyId: null, body: '{}', signature: 'x' },
      headers: { origin: 'http://localhost:5173' },
    })
    expectGs2Error(r, 429, { code: 'emulator.fault.injected' })
    expect(r.headers.get('retry-after')).toBe('7')
    expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(r.headers.get('date')).not.toBeNull()
  })

  it('matches a method and a path glob, and leaves other routes alone', async () => {
    h = await startHarness()
    const account = await h.createAccount()
    await addFault({ method: 'put', path: '/account/*/account/*', status: 500 })
    expectGs2Error(await h.authenticate(account.userId, account.password), 500, {
      code: 'emulator.fault.injected',
    })
    expect((await h.call('GET', `/account/default/account/${account.userId}`)).status).toBe(200)
    expect((await version()).status).toBe(200)
    await addFault({ path: '/auth/**', status: 502 })
    expectGs2Error(await version(), 502, {})
  })

  it('never faults the admin API, so a fault on everything can still be lifted', async () => {
    h = await startHarness()
    const fault = await addFault({ path: '/**', status: 503 })
    expectGs2Error(await version(), 503, {})
    expect((await admin('GET', '/state')).status).toBe(200)
    expect((await admin('DELETE', `/faults/${fault.faultId}`)).json).toMatchObject({
      item: { faultId: fault.faultId },
    })
    expect((await version()).status).toBe(200)
    expectGs2Error(await admin('DELETE', `/faults/${fault.faultId}`), 404, {
      code: 'emulator.fault.notFound',
    })
  })

  it('lasts for durationMs on the emulator clock', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    const fault = await addFault({ api: 'auth.getServiceVersion', status: 504, durationMs: 1_000 })
    expect(fault.expiresAt).toBe(clock.now() + 1_000)
    expectGs2Error(await version(), 504, {})
    clock.advance(999)
    expectGs2Error(await version(), 504, {})
    clock.advance(1)
    expect((await version()).status).toBe(200)
  })

  it('waits delayMs before answering, through the injected sleep', async () => {
    const waits: number[] = []
    h = await startHarness({
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    await addFault({ api: 'auth.getServiceVersion', delayMs: 1_500, times: 1 })
    expect((await version()).status).toBe(200)
    expect(waits).toEqual([1_500])
    await addFault({ api: 'auth.getServiceVersion', delayMs: 20, status: 503, times: 1 })
    expectGs2Error(await version(), 503, {})
    expect(waits).toEqual([1_500, 20])
  })

  it('waits for real by default', async () => {
    h = await startHarness()
    await addFault({ api: 'auth.getServiceVersion', delayMs: 150, times: 1 })
    const started = performance.now()
    expect((await version()).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('drops the connection without an answer, and logs status 0', async () => {
    h = await startHarness()
    const fault = await addFault({ api: 'auth.getServiceVersion', drop: true, times: 1 })
    expect(fault.drop).toBe('before')
    await expect(version()).rejects.toThrow(TypeError)
    expect((await version()).status).toBe(200)
    const log = await admin<{ items: { path: string; status: number }[] }>('GET', '/requests')
    expect(
      log.json.items.filter((e) => e.path === '/auth/system/version').map((e) => e.status),
    ).toEqual([0, 200])
  })

  it('drops after the API ran when asked: the account exists, the answer is lost', async () => {
    h = await startHarness()
    const fault = await addFault({ api: 'account.createAccount', drop: 'after', times: 1 })
    expect(fault.drop).toBe('after')
    const before = (await admin<{ accounts: number }>('GET', '/state')).json.accounts
    await expect(h.call('POST', '/account/default/account', { body: {} })).rejects.toThrow(
      TypeError,
    )
    const after = (await admin<{ accounts: number }>('GET', '/state')).json.accounts
    expect(after).toBe(before + 1)
  })

  it('drops in-process calls as fetch does: a TypeError', async () => {
    const emulator = createEmulator()
    try {
      const add = await emulator.fetch(
        new Request('http://127.0.0.1/__emulator/faults', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-gs2ez-admin-token': emulator.adminToken,
          },
          body: JSON.stringify({ api: 'identifier.login', drop: true }),
        }),
      )
      expect(add.status).toBe(200)
      await expect(
        emulator.fetch(
          new Request('http://127.0.0.1/identifier/projectToken/login', {
            method: 'POST',
            body: '{}',
          }),
        ),
      ).rejects.toThrow(TypeError)
    } finally {
      emulator.close()
    }
  })

  it('clears on DELETE /faults and on reset', async () => {
    h = await startHarness()
    await addFault({ api: 'auth.getServiceVersion', status: 503 })
    await addFault({ api: 'auth.login', status: 503 })
    expect((await admin('DELETE', '/faults')).json).toEqual({ cleared: 2 })
    expect((await version()).status).toBe(200)
    await addFault({ api: 'auth.getServiceVersion', status: 503 })
    expect((await admin('POST', '/reset')).status).toBe(200)
    expect((await admin<{ items: Fault[] }>('GET', '/faults')).json.items).toEqual([])
  })

  it.each([
    [{ status: 503 }, 'api'],
    [{ api: 'auth.login', path: '/auth/login', status: 503 }, 'api'],
    [{ api: 'auth.nope', status: 503 }, 'api'],
    [{ api: 'auth.login', method: 'GET', status: 503 }, 'method'],
    [{ api: 'auth.login' }, 'status'],
    [{ api: 'auth.login', status: 418 }, 'status'],
    [{ api: 'auth.login', status: 503, drop: true }, 'drop'],
    [{ api: 'auth.login', delayMs: 10, retryAfterSeconds: 3 }, 'retryAfterSeconds'],
    [{ api: 'auth.login', delayMs: -1 }, 'delayMs'],
    [{ api: 'auth.login', delayMs: 120_001 }, 'delayMs'],
    [{ api: 'auth.login', status: 503, times: 0 }, 'times'],
    [{ api: 'auth.login', status: 503, durationMs: 1.5 }, 'durationMs'],
    [{ path: 'auth/login', status: 503 }, 'path'],
    [{ api: 'auth.login', drop: 'sometimes' }, 'drop'],
  ])('refuses %j with a 400 naming %s', async (spec, field) => {
    h = await startHarness()
    const r = await admin('POST', '/faults', spec)
    const detail = expectGs2Error(r, 400, { code: `emulator.${field}.invalid` })
    expect(detail.component).toBe(field)
  })
})
