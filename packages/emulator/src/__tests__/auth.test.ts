import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

const adminInit = () => ({ headers: { 'x-gs2ez-admin-token': h.emulator.adminToken } })

let h: Harness
afterEach(async () => {
  await h?.close()
})

const POLICY = JSON.stringify({
  Version: '2016-04-01',
  Statements: [{ Effect: 'Allow', Actions: ['Gs2Inventory:*'], Resources: ['*'] }],
})

describe('auth: credential policy', () => {
  it.each([
    ['/auth/login', { userId: 'u1' }],
    ['/auth/federation', { originalUserId: 'u0', userId: 'u1' }],
    ['/auth/timeoffset/token', { userId: 'u1', timeOffset: 60 }],
  ])('an application credential gets 401 on %s, a trusted one 200', async (path, body) => {
    h = await startHarness()
    expectGs2Error(await h.call('POST', path, { body }), 401, {
      code: 'identifier.credential.untrusted',
    })
    const ok = await h.call('POST', path, { body, as: 'server' })
    expect(ok.status, JSON.stringify(ok.json)).toBe(200)
    expect(ok.json).toEqual({ token: expect.any(String), userId: 'u1', expire: expect.any(Number) })
  })
})

describe('auth: login', () => {
  it('issues a random opaque token that expires after the configured TTL', async () => {
    const clock = manualClock()
    h = await startHarness({ clock, tokenTtlSeconds: 120 })
    const r = await h.call<{ token: string; expire: number }>('POST', '/auth/login', {
      body: { userId: 'u1', timeOffset: null },
      as: 'server',
    })
    expect(r.json.token).toMatch(/^[\w-]{43}$/)
    expect(r.json.expire).toBe(clock.now() + 120_000)
    expect(
      (await h.call('GET', '/auth/system/version', { accessToken: r.json.token })).status,
    ).toBe(200)
    clock.advance(120_000)
    expectGs2Error(
      await h.call('GET', '/auth/system/version', { accessToken: r.json.token }),
      401,
      {
        component: 'X-GS2-ACCESS-TOKEN',
        code: 'auth.accessToken.invalid',
      },
    )
  })

  it('never stores a token in the clear', async () => {
    h = await startHarness()
    const r = await h.call<{ token: string }>('POST', '/auth/login', {
      body: { userId: 'u1' },
      as: 'server',
    })
    const state = await h.admin('GET', '/tokens').then((x) => JSON.stringify(x.json))
    expect(state).toContain('u1')
    expect(state).not.toContain(r.json.token)
  })

  it('validates userId and timeOffset against the model limits', async () => {
    h = await startHarness()
    expectGs2Error(
      await h.call('POST', '/auth/login', { body: { userId: 'x'.repeat(129) }, as: 'server' }),
      400,
      { component: 'userId' },
    )
    expectGs2Error(await h.call('POST', '/auth/login', { body: {}, as: 'server' }), 400, {
      component: 'userId',
    })
    expectGs2Error(
      await h.call('POST', '/auth/login', {
        body: { userId: 'u', timeOffset: 315360001 },
        as: 'server',
      }),
      400,
      {
        component: 'timeOffset',
      },
    )
    expectGs2Error(
      await h.call('POST', '/auth/login', {
        body: { userId: 'u', timeOffset: 'soon' },
        as: 'server',
      }),
      400,
      {
        component: 'timeOffset',
      },
    )
    expectGs2Error(
      await h.call('POST', '/auth/login', { body: { userId: 42 }, as: 'server' }),
      400,
      { component: 'userId' },
    )
  })
})

describe('auth: loginBySignature', () => {
  it('turns the body and signature of authentication into an access token', async () => {
    h = await startHarness()
    const { userId, password } = await h.createAccount()
    const auth = await h.authenticate(userId, password)
    const r = await h.call('POST', '/auth/login/signed', {
      body: {
        contextStack: null,
        keyId: 'grn:gs2:{region}:{ownerId}:key:default:key:default',
        ...auth.json,
      },
    })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ userId, token: expect.any(String) })
  })

  it('refuses a tampered body or signature in constant time with 401', async () => {
    h = await startHarness()
    const { userId, password } = await h.createAccount()
    const { body, signature } = (await h.authenticate(userId, password)).json
    const tampered = body.replace(userId, '00000000-0000-4000-8000-000000000000')
    expectGs2Error(
      await h.call('POST', '/auth/login/signed', { body: { body: tampered, signature } }),
      401,
      {
        code: 'auth.signature.invalid',
      },
    )
    expectGs2Error(
      await h.call('POST', '/auth/login/signed', { body: { body, signature: 'AAAA' } }),
      401,
      {
        code: 'auth.signature.invalid',
      },
    )
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
    expectGs2Error(
      await h.call('POST', '/auth/login/signed', { body: { body, signature: flipped } }),
      401,
      {
        code: 'auth.signature.invalid',
      },
    )
  })

  it('accepts the signature in another base64 spelling (url alphabet, no padding)', async () => {
    h = await startHarness()
    const { userId, password } = await h.createAccount()
    const { body, signature } = (await h.authenticate(userId, password)).json
    const urlSafe = Buffer.from(signature, 'base64').toString('base64url')
    expect(urlSafe).not.toBe(signature)
    const r = await h.call('POST', '/auth/login/signed', { body: { body, signature: urlSafe } })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ userId })
  })

  it('checks the shape of a correctly signed body: 400 unless authentication could have made it', async () => {
    const secret = 'fixed-secret-0123456789'
    const clock = manualClock()
    h = await startHarness({
      clock,
      config: { keys: [{ namespaceName: 'default', keyName: 'default', secret }] },
    })
    const { userId } = await h.createAccount()
    const { createHmac } = await import('node:crypto')
    const keyId = 'grn:gs2:ap-northeast-1:gs2ez-local:key:default:key:default'
    const good = { userId, namespaceName: 'default', keyId, timeOffset: 0, issuedAt: clock.now() }
    const login = (payload: unknown) => {
      const body = JSON.stringify(payload)
      const signature = createHmac('sha256', secret).update(body).digest('base64')
      return h.call('POST', '/auth/login/signed', { body: { body, signature } })
    }
    expect((await login({ ...good, extra: 'ignored' })).status).toBe(200)
    for (const bad of [
      { ...good, userId: '' },
      { ...good, namespaceName: 7 },
      { ...good, keyId: undefined },
      { ...good, timeOffset: -1 },
      { ...good, timeOffset: 1.5 },
      { ...good, issuedAt: String(good.issuedAt) },
      { ...good, issuedAt: 2 ** 53 },
      [good],
      null,
    ]) {
      expectGs2Error(await login(bad), 400, { component: 'body', code: 'auth.body.invalid' })
    }
  })

  it('refuses a body signed by another key', async () => {
    h = await startHarness({ config: { keys: [{ namespaceName: 'other', keyName: 'k2' }] } })
    const { userId, password } = await h.createAccount()
    const { body, signature } = (await h.authenticate(userId, password)).json
    const r = await h.call('POST', '/auth/login/signed', {
      body: { keyId: 'grn:gs2:{region}:{ownerId}:key:other:key:k2', body, signature },
    })
    expectGs2Error(r, 401, { code: 'auth.signature.invalid' })
  })

  it('refuses a body older than the freshness window', async () => {
    const clock = manualClock()
    h = await startHarness({ clock, config: { signatureMaxAgeSeconds: 300 } })
    const { userId, password } = await h.createAccount()
    const { body, signature } = (await h.authenticate(userId, password)).json
    clock.advance(299_000)
    expect((await h.call('POST', '/auth/login/signed', { body: { body, signature } })).status).toBe(
      200,
    )
    clock.advance(2_000)
    expectGs2Error(await h.call('POST', '/auth/login/signed', { body: { body, signature } }), 401, {
      code: 'auth.signature.expired',
    })
  })

  it('refuses a deleted account (404) and a banned one (401)', async () => {
    h = await startHarness()
    const a = await h.createAccount()
    const signedA = (await h.authenticate(a.userId, a.password)).json
    expect(
      (await h.call('DELETE', `/account/default/account/${a.userId}`, { as: 'server' })).status,
    ).toBe(200)
    expectGs2Error(await h.call('POST', '/auth/login/signed', { body: signedA }), 404, {
      code: 'account.account.notFound',
    })

    const b = await h.createAccount()
    const signedB = (await h.authenticate(b.userId, b.password)).json
    const ban = await h.admin('POST', `/accounts/default/${b.userId}/ban`, {
      name: 'cheat',
      reason: 'speed hack',
    })
    expect(ban.status).toBe(200)
    expectGs2Error(await h.call('POST', '/auth/login/signed', { body: signedB }), 401, {
      code: 'account.banned.infinity',
    })
  })

  it('answers 404 naming keyId for an unknown key and 400 for missing fields', async () => {
    h = await startHarness()
    const r = await h.call('POST', '/auth/login/signed', {
      body: {
        keyId: 'grn:gs2:{region}:{ownerId}:key:default:key:missing',
        body: '{}',
        signature: 'AAAA',
      },
    })
    expectGs2Error(r, 404, { component: 'keyId', code: 'key.key.notFound' })
    expectGs2Error(await h.call('POST', '/auth/login/signed', { body: { signature: 'x' } }), 400, {
      component: 'body',
    })
    expectGs2Error(
      await h.call('POST', '/auth/login/signed', {
        body: { body: 'x', signature: 'y'.repeat(1025) },
      }),
      400,
      {
        component: 'signature',
      },
    )
  })
})

describe('auth: federation', () => {
  it('issues a token for userId that carries federationFromUserId', async () => {
    h = await startHarness()
    const r = await h.call<{ token: string }>('POST', '/auth/federation', {
      body: {
        originalUserId: 'admin-1',
        userId: 'player-9',
        policyDocument: POLICY,
        timeOffset: null,
      },
      as: 'server',
    })
    expect(r.status).toBe(200)
    const tokens = await fetch(
      `${h.emulator.url}/__emulator/tokens?userId=player-9`,
      adminInit(),
    ).then((x) => x.json())
    expect(tokens.items).toEqual([
      expect.objectContaining({ userId: 'player-9', federationFromUserId: 'admin-1' }),
    ])
  })

  it.each([
    ['not json', 'not valid JSON'],
    ['[]', 'object'],
    ['{"Version":"2016-04-01"}', 'Statements'],
    ['{"Statements":[{"Effect":"Maybe","Actions":["*"]}]}', 'Effect'],
    ['{"Statements":[{"Effect":"Allow","Actions":[]}]}', 'Actions'],
  ])('refuses the policy document %s with 400 naming policyDocument', async (doc, why) => {
    h = await startHarness()
    const r = await h.call('POST', '/auth/federation', {
      body: { originalUserId: 'a', userId: 'b', policyDocument: doc },
      as: 'server',
    })
    const detail = expectGs2Error(r, 400, {
      component: 'policyDocument',
      code: 'auth.policyDocument.invalid',
    })
    expect(detail.message).toContain(why)
  })
})

describe('auth: time offset tokens', () => {
  it('carry their offset into access tokens issued with them and expire after an hour', async () => {
    const clock = manualClock()
    h = await startHarness({ clock, config: { projectTokenTtlSeconds: 86400 } })
    const issued = await h.call<{ token: string; expire: number }>(
      'POST',
      '/auth/timeoffset/token',
      {
        body: { userId: 'u1', timeOffset: '86400' },
        as: 'server',
      },
    )
    expect(issued.json.expire).toBe(clock.now() + 3_600_000)
    const login = await h.call('POST', '/auth/login', {
      body: { userId: 'u1' },
      timeOffsetToken: issued.json.token,
      as: 'server',
    })
    expect(login.status).toBe(200)
    const tokens = await fetch(`${h.emulator.url}/__emulator/tokens?userId=u1`, adminInit()).then(
      (x) => x.json(),
    )
    expect(tokens.items[0]).toMatchObject({ timeOffset: 86400 })

    clock.advance(3_600_000)
    expectGs2Error(
      await h.call('POST', '/auth/login', {
        body: { userId: 'u1' },
        timeOffsetToken: issued.json.token,
        as: 'server',
      }),
      401,
      { code: 'auth.timeOffsetToken.invalid' },
    )
  })

  it('are bound to their user: using one for another user is a 400', async () => {
    h = await startHarness()
    const issued = await h.call<{ token: string }>('POST', '/auth/timeoffset/token', {
      body: { userId: 'u1', timeOffset: 60 },
      as: 'server',
    })
    for (const path of ['/auth/login', '/auth/federation']) {
      const r = await h.call('POST', path, {
        body: { userId: 'u2', originalUserId: 'u0' },
        timeOffsetToken: issued.json.token,
        as: 'server',
      })
      expectGs2Error(r, 400, {
        component: 'timeOffsetToken',
        code: 'auth.timeOffsetToken.userMismatch',
      })
    }
  })

  it('flow through authentication into loginBySignature', async () => {
    h = await startHarness()
    const { userId, password } = await h.createAccount()
    const issued = await h.call<{ token: string }>('POST', '/auth/timeoffset/token', {
      body: { userId, timeOffset: 3600 },
      as: 'server',
    })
    const auth = await h.authenticate(userId, password, { timeOffsetToken: issued.json.token })
    expect(JSON.parse(auth.json.body)).toMatchObject({ timeOffset: 3600 })
    expect((await h.call('POST', '/auth/login/signed', { body: auth.json })).status).toBe(200)
    const tokens = await fetch(
      `${h.emulator.url}/__emulator/tokens?userId=${userId}`,
      adminInit(),
    ).then((x) => x.json())
    expect(tokens.items[0]).toMatchObject({ timeOffset: 3600 })

    const other = await h.createAccount()
    expectGs2Error(
      await h.authenticate(other.userId, other.password, { timeOffsetToken: issued.json.token }),
      400,
      {
        code: 'auth.timeOffsetToken.userMismatch',
      },
    )
  })
})

describe('auth: getServiceVersion', () => {
  it('answers {item: version}', async () => {
    h = await startHarness({ config: { serviceVersion: '1.2.3' } })
    const r = await h.call('GET', '/auth/system/version')
    expect(r.status).toBe(200)
    expect(r.json).toEqual({ item: '1.2.3' })
  })
})
