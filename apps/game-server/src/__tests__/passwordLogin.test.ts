import { afterEach, beforeEach, expect, test } from 'vitest'
import { passwordForm, type Stack, startStack } from './fixtures/stack.ts'

let stack: Stack
beforeEach(async () => {
  stack = await startStack()
})
afterEach(() => stack.close())

test('a registered player signs in with the password and gets a GS2 access token for their own GS2 user', async () => {
  const registered = await stack.register({ username: 'Alice', password: 'correct horse battery' })
  expect(registered).toMatchObject({ username: 'Alice', two_factor: 'none' })
  expect(registered.user_guid).toMatch(/^[0-9a-f-]{36}$/)

  const { status, body, headers } = await stack.token(
    passwordForm('alice', 'correct horse battery'),
  )
  expect(status).toBe(200)
  expect(headers.get('cache-control')).toBe('no-store')
  expect(body).toMatchObject({
    token_type: 'Bearer',
    scope: 'gs2',
    user_guid: registered.user_guid,
  })
  expect(body.expires_in).toBeGreaterThan(3000)
  // GS2's expiry seen from the server's clock (a manual one here, which a busy box leaves behind
  // the real time GS2 stamps with: so not simply <= 3600).
  expect(body.expires_in).toBe(Math.floor(((body.expire as number) - stack.clock.now()) / 1000))
  expect(typeof body.refresh_token).toBe('string')
  const gs2UserId = body.gs2_user_id as string
  expect(gs2UserId).toMatch(/^[0-9a-f-]{36}$/)
  expect(gs2UserId).not.toBe(registered.user_guid)

  const issued = await stack.gs2Tokens(gs2UserId)
  expect(issued).toHaveLength(1)
  expect(issued[0]).toMatchObject({ userId: gs2UserId, timeOffset: 0 })
  expect(issued[0]?.federationFromUserId ?? null).toBeNull()
})

test('a wrong password and an unknown username answer the same invalid_grant, and mint nothing', async () => {
  const registered = await stack.register({ username: 'bob', password: 'bob-password-1' })
  const wrong = await stack.token(passwordForm('bob', 'not-the-password'))
  const unknown = await stack.token(passwordForm('nobody', 'not-the-password'))
  expect(wrong.status).toBe(400)
  expect(wrong.body).toEqual({
    error: 'invalid_grant',
    error_description: 'The username or password is wrong.',
    error_reason: 'invalid_credentials',
  })
  expect(unknown.body).toEqual(wrong.body)
  const login = await stack.token(passwordForm('bob', 'bob-password-1'))
  expect(login.body.user_guid).toBe(registered.user_guid)
  expect(await stack.gs2Tokens(login.body.gs2_user_id as string)).toHaveLength(1)
})

test('an unknown client_id is invalid_client (401); an unsupported grant is unsupported_grant_type', async () => {
  await stack.register({ username: 'carol', password: 'carol-password' })
  const client = await stack.token({
    ...passwordForm('carol', 'carol-password'),
    client_id: 'evil',
  })
  expect(client.status).toBe(401)
  expect(client.body).toMatchObject({ error: 'invalid_client', field: 'client_id' })
  const grant = await stack.token({
    ...passwordForm('carol', 'carol-password'),
    grant_type: 'client_credentials',
  })
  expect(grant.status).toBe(400)
  expect(grant.body).toMatchObject({ error: 'unsupported_grant_type', field: 'grant_type' })
  const scope = await stack.token({ ...passwordForm('carol', 'carol-password'), scope: 'admin' })
  expect(scope.status).toBe(400)
  expect(scope.body).toMatchObject({ error: 'invalid_scope', field: 'scope' })
})

test('usernames are unique case-insensitively: a second "ALICE" is 409 username_taken', async () => {
  await stack.register({ username: 'alice', password: 'alice-password' })
  const again = await stack.json('/users', { username: 'ALICE', password: 'other-password' })
  expect(again.status).toBe(409)
  expect(again.body).toMatchObject({ error: 'username_taken', field: 'username' })
  // The first registration still holds: its password signs in, the second one's does not.
  expect((await stack.token(passwordForm('Alice', 'alice-password'))).status).toBe(200)
  expect((await stack.token(passwordForm('Alice', 'other-password'))).status).toBe(400)
})

test('POST /oauth/revoke signs the session out: its refresh token stops working', async () => {
  await stack.register({ username: 'dave', password: 'dave-password' })
  const login = await stack.token(passwordForm('dave', 'dave-password'))
  const refreshToken = login.body.refresh_token as string
  const res = await fetch(`${stack.url}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken }),
  })
  expect(res.status).toBe(200)
  const refresh = await stack.token({
    client_id: 'gs2ez-demo',
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  })
  expect(refresh.status).toBe(400)
  expect(refresh.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'refresh_token_revoked',
  })
})

test('browsers on localhost pass CORS preflight; other origins get no CORS grant', async () => {
  const preflight = (origin: string) =>
    fetch(`${stack.url}/oauth/access_token`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
  const local = await preflight('http://localhost:5173')
  expect(local.status).toBe(204)
  expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  const other = await preflight('https://evil.example')
  expect(other.headers.get('access-control-allow-origin')).toBeNull()
})
