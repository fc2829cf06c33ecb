import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, startHarness } from './helpers/emulatorHarness.ts'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('key: namespaces and keys', () => {
  it('has the default key out of the box, and never returns a secret', async () => {
    h = await startHarness()
    expect((await h.call('GET', '/key/')).json).toMatchObject({ items: [{ name: 'default' }] })
    const r = await h.call('GET', '/key/default/key/default')
    expect(r.json).toEqual({
      item: {
        keyId: 'grn:gs2:ap-northeast-1:gs2ez-local:key:default:key:default',
        name: 'default',
        description: '',
        createdAt: expect.any(Number),
      },
    })
    expect((await h.call('GET', '/key/default/key')).json).toMatchObject({
      items: [{ name: 'default' }],
    })
    expect((await h.call('GET', '/key/default')).json).toMatchObject({ item: { name: 'default' } })
  })

  it('creates and deletes keys with a trusted credential; the new key signs authentication', async () => {
    h = await startHarness()
    expectGs2Error(await h.call('POST', '/key/', { body: { name: 'game' } }), 401, {
      code: 'identifier.credential.untrusted',
    })
    expect((await h.call('POST', '/key/', { body: { name: 'game' }, as: 'server' })).status).toBe(
      200,
    )
    expectGs2Error(await h.call('POST', '/key/', { body: { name: 'game' }, as: 'server' }), 409, {
      code: 'key.namespace.exists',
    })
    expectGs2Error(await h.call('POST', '/key/game/key', { body: { name: 'k1' } }), 401, {})
    const created = await h.call<{ item: { keyId: string } }>('POST', '/key/game/key', {
      body: { name: 'k1' },
      as: 'server',
    })
    expect(created.json.item.keyId).toBe('grn:gs2:ap-northeast-1:gs2ez-local:key:game:key:k1')
    expectGs2Error(
      await h.call('POST', '/key/game/key', { body: { name: 'k1' }, as: 'server' }),
      409,
      { code: 'key.key.exists' },
    )

    const { userId, password } = await h.createAccount()
    const auth = await h.call<{ body: string; signature: string }>(
      'PUT',
      `/account/default/account/${userId}`,
      {
        body: { password, keyId: 'grn:gs2:{region}:{ownerId}:key:game:key:k1' },
      },
    )
    expect(auth.status).toBe(200)
    const login = await h.call('POST', '/auth/login/signed', {
      body: {
        keyId: created.json.item.keyId,
        body: auth.json.body,
        signature: auth.json.signature,
      },
    })
    expect(login.status).toBe(200)

    expect((await h.call('DELETE', '/key/game/key/k1', { as: 'server' })).status).toBe(200)
    expectGs2Error(await h.call('GET', '/key/game/key/k1'), 404, { code: 'key.key.notFound' })
    expectGs2Error(
      await h.call('POST', '/auth/login/signed', {
        body: { keyId: created.json.item.keyId, ...auth.json },
      }),
      404,
      { code: 'key.key.notFound' },
    )
  })

  it('404s unknown namespaces and keys, and keyIds of another region or owner', async () => {
    h = await startHarness()
    expectGs2Error(await h.call('GET', '/key/nope'), 404, { code: 'key.namespace.notFound' })
    expectGs2Error(await h.call('GET', '/key/nope/key'), 404, { code: 'key.namespace.notFound' })
    expectGs2Error(await h.call('GET', '/key/default/key/nope'), 404, { code: 'key.key.notFound' })
    const { userId, password } = await h.createAccount()
    const r = await h.call('PUT', `/account/default/account/${userId}`, {
      body: { password, keyId: 'grn:gs2:us-east-1:someone:key:default:key:default' },
    })
    expectGs2Error(r, 404, { component: 'keyId', code: 'key.key.notFound' })
  })

  it('uses the secret given in the config, so signatures are reproducible', async () => {
    h = await startHarness({
      config: {
        keys: [{ namespaceName: 'default', keyName: 'default', secret: 'fixed-secret-0123456789' }],
      },
    })
    const { userId, password } = await h.createAccount()
    const { body, signature } = (await h.authenticate(userId, password)).json
    const { createHmac } = await import('node:crypto')
    expect(signature).toBe(
      createHmac('sha256', 'fixed-secret-0123456789').update(body).digest('base64'),
    )
  })
})
