import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ADMIN_TOKEN, CLIENT_ID, passwordForm, type Stack, startStack } from './fixtures/stack.ts'

let stack: Stack
let storedBefore: string

beforeAll(async () => {
  stack = await startStack()
  await stack.register({ username: 'pat', password: 'pat-password' })
  storedBefore = await stack.dump()
})
afterAll(async () => {
  // Nothing any bad request sent was stored.
  expect(await stack.dump()).toBe(storedBefore)
  await stack.close()
})

const post = async (
  path: string,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
) => {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const valid = { username: 'newplayer', password: 'new-password' }
const base = () => passwordForm('pat', 'pat-password')

describe('POST /users names the bad field with a 400 and stores nothing', () => {
  test.each([
    ['username', { password: 'new-password' }, 'username: is required'],
    ['username', { ...valid, username: 'ab' }, 'username: must be 3..64 characters'],
    ['username', { ...valid, username: 'a'.repeat(65) }, 'username: must be 3..64 characters'],
    ['username', { ...valid, username: 'has space' }, 'username: may only use letters'],
    ['username', { ...valid, username: '-dash' }, 'username: may only use letters'],
    ['username', { ...valid, username: 'ユーザー名' }, 'username: may only use letters'],
    ['username', { ...valid, username: 42 }, 'username: must be a string'],
    ['password', { username: 'newplayer' }, 'password: is required'],
    ['password', { ...valid, password: 'short' }, 'password: must be 8..128 characters'],
    ['password', { ...valid, password: 'x'.repeat(129) }, 'password: must be 8..128 characters'],
    ['password', { ...valid, password: '          ' }, 'password: must not be only spaces'],
    ['password', { ...valid, password: 12345678 }, 'password: must be a string'],
    ['email', { ...valid, email: 'not-an-email' }, 'email: must be an address'],
    ['email', { ...valid, email: 'a@b' }, 'email: must be an address'],
    ['email', { ...valid, email: `${'x'.repeat(250)}@example.com` }, 'email: must be at most 254'],
    ['email', { ...valid, twoFactor: 'email' }, 'email: is required when twoFactor is "email"'],
    ['twoFactor', { ...valid, twoFactor: 'sms' }, 'twoFactor: must be "none", "totp" or "email"'],
    ['admin', { ...valid, admin: true }, 'admin: is not a known field'],
  ])('%s: %j', async (field, body, description) => {
    const res = await post('/users', JSON.stringify(body), 'application/json')
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'invalid_request', field })
    expect(res.body.error_description).toContain(description)
  })

  test.each([
    ['content-type', JSON.stringify(valid), 'text/plain'],
    ['body', '{"username": ', 'application/json'],
    ['body', '[1, 2]', 'application/json'],
    ['body', 'null', 'application/json'],
  ])('%s: %s', async (field, body, contentType) => {
    const res = await post('/users', body, contentType)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'invalid_request', field })
  })

  test('a body over 16 KiB is 413', async () => {
    const res = await post(
      '/users',
      JSON.stringify({ ...valid, padding: 'x'.repeat(20_000) }),
      'application/json',
    )
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ error: 'invalid_request', field: 'body' })
  })
})

describe('POST /oauth/access_token names the bad field with a 400 and stores nothing', () => {
  const base = passwordForm('pat', 'pat-password')
  const without = (key: string) =>
    Object.fromEntries(Object.entries(base).filter(([k]) => k !== key))
  const extra = (value: unknown) => ({
    ...base,
    additional_parameters: typeof value === 'string' ? value : JSON.stringify(value),
  })
  test.each([
    ['client_id', without('client_id'), 'client_id: is required'],
    ['client_id', { ...base, client_id: 'c'.repeat(129) }, 'client_id: must be at most 128'],
    ['grant_type', without('grant_type'), 'grant_type: is required'],
    ['username', without('username'), 'username: is required'],
    ['username', { ...base, username: 'u'.repeat(65) }, 'username: must be 3..64 characters'],
    ['username', { ...base, username: 'pat<script>' }, 'username: has characters'],
    ['password', without('password'), 'password: is required'],
    ['password', { ...base, password: 'p'.repeat(513) }, 'password: must be at most 512'],
    ['additional_parameters', extra('{not json'), 'additional_parameters: must be a JSON object'],
    ['additional_parameters', extra([1]), 'additional_parameters: must be a JSON object'],
    ['additional_parameters.foo', extra({ foo: 1 }), 'is not a known field'],
    ['additional_parameters.otp', extra({ otp: '12345' }), 'must be 6 digits'],
    [
      'additional_parameters.email_code',
      extra({ mfa_token: 'm', email_code: 'abcdef' }),
      'must be 6 digits',
    ],
    [
      'additional_parameters.mfa_token',
      extra({ mfa_token: 'm'.repeat(129), otp: '123456' }),
      'at most 128',
    ],
    ['additional_parameters.otp', extra({ mfa_token: 'm' }), 'or email_code is required'],
    [
      'additional_parameters.time_offset_token',
      extra({ time_offset_token: '' }),
      'must not be empty',
    ],
    [
      'refresh_token',
      { client_id: CLIENT_ID, grant_type: 'refresh_token' },
      'refresh_token: is required',
    ],
    [
      'refresh_token',
      { client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: 'r'.repeat(257) },
      'at most 256',
    ],
    ['foo', { ...base, foo: 'bar' }, 'foo: is not a known field'],
  ])('%s: %j', async (field, form, description) => {
    const res = await post(
      '/oauth/access_token',
      new URLSearchParams(form as Record<string, string>).toString(),
      'application/x-www-form-urlencoded',
    )
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'invalid_request', field })
    expect(res.body.error_description).toContain(description)
  })

  test('JSON instead of a form, and a repeated parameter, are refused', async () => {
    const json = await post('/oauth/access_token', JSON.stringify(base), 'application/json')
    expect(json.body).toMatchObject({ error: 'invalid_request', field: 'content-type' })
    const repeated = await post(
      '/oauth/access_token',
      `${new URLSearchParams(base)}&username=other`,
      'application/x-www-form-urlencoded',
    )
    expect(repeated.body).toMatchObject({ error: 'invalid_request', field: 'username' })
  })

  test('bad input does not count as a failed sign-in: the player is not locked out by it', async () => {
    for (let i = 0; i < 6; i++) {
      await post(
        '/oauth/access_token',
        new URLSearchParams(extra({ otp: 'x' })).toString(),
        'application/x-www-form-urlencoded',
      )
    }
    const ok = await stack.token(base)
    expect(ok.status).toBe(200)
    // A real sign-in is stored (its refresh token family): the database check covers what follows.
    storedBefore = await stack.dump()
  })
})

describe('admin and dev routes validate too', () => {
  const admin = (path: string, body: unknown) =>
    post(path, JSON.stringify(body), 'application/json', { authorization: `Bearer ${ADMIN_TOKEN}` })
  test.each([
    ['/admin/federation', { player: 'pat' }, 'agent'],
    ['/admin/federation', { agent: 'pat', player: '' }, 'player'],
    ['/admin/federation', { agent: 'pat', player: 'pat', policy_document: 5 }, 'policy_document'],
    ['/admin/federation', { agent: 'pat', player: 'pat', extra: 1 }, 'extra'],
    ['/admin/time-offset-tokens', { player: 'pat' }, 'time_offset'],
    ['/admin/time-offset-tokens', { time_offset: 10 }, 'player'],
  ])('%s %j -> field %s', async (path, body, field) => {
    const res = await admin(path, body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'invalid_request', field })
  })

  test('GET /dev/outbox?to= with an empty address is 400', async () => {
    const res = await fetch(`${stack.url}/dev/outbox?to=`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ field: 'to' })
  })

  test('GET /dev/outbox needs the admin token (it holds live sign-in codes)', async () => {
    expect((await fetch(`${stack.url}/dev/outbox`)).status).toBe(401)
    const wrong = await fetch(`${stack.url}/dev/outbox`, {
      headers: { authorization: 'Bearer not-the-admin-token' },
    })
    expect(wrong.status).toBe(401)
  })
})

describe('long client values are never echoed back', () => {
  test('an unknown field name, a repeated one, a bad grant_type and scope are cut short', async () => {
    const long = 'x'.repeat(3000)
    const answers = [
      await post('/users', JSON.stringify({ ...valid, [long]: 1 }), 'application/json'),
      await post(
        '/oauth/access_token',
        `${new URLSearchParams(base())}&${long}=1&${long}=2`,
        'application/x-www-form-urlencoded',
      ),
      await post(
        '/oauth/access_token',
        new URLSearchParams({ ...base(), grant_type: long }).toString(),
        'application/x-www-form-urlencoded',
      ),
      await post(
        '/oauth/access_token',
        new URLSearchParams({ ...base(), scope: `gs2 ${'y'.repeat(250)}` }).toString(),
        'application/x-www-form-urlencoded',
      ),
    ]
    for (const answer of answers) {
      expect(answer.status).toBe(400)
      const text = JSON.stringify(answer.body)
      expect(text.length).toBeLessThan(400)
      expect(text).not.toContain('x'.repeat(40))
      expect(text).not.toContain('y'.repeat(40))
    }
  })
})
