import { afterEach, beforeEach, expect, test } from 'vitest'
import { CLIENT_ID, passwordForm, type Stack, startStack } from './fixtures/stack.ts'

let stack: Stack
let first: Record<string, unknown>
beforeEach(async () => {
  stack = await startStack({ clientIds: [CLIENT_ID, 'other-game'] })
  await stack.register({ username: 'heidi', password: 'heidi-password' })
  first = (await stack.token(passwordForm('heidi', 'heidi-password'))).body
})
afterEach(() => stack.close())

const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  stack.token({
    client_id: CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    ...extra,
  })

test('a refresh rotates: a new access token and a new refresh token', async () => {
  const next = await refresh(first.refresh_token as string)
  expect(next.status).toBe(200)
  expect(next.headers.get('cache-control')).toBe('no-store')
  expect(next.body.refresh_token).not.toBe(first.refresh_token)
  expect(next.body.access_token).not.toBe(first.access_token)
  expect(next.body).toMatchObject({
    user_guid: first.user_guid,
    gs2_user_id: first.gs2_user_id,
    scope: 'gs2',
  })
  const third = await refresh(next.body.refresh_token as string)
  expect(third.status).toBe(200)
  expect(await stack.gs2Tokens(first.gs2_user_id as string)).toHaveLength(3)
})

test('two concurrent refreshes with one token (two tabs) get the SAME new pair, minted once', async () => {
  const [a, b] = await Promise.all([
    refresh(first.refresh_token as string),
    refresh(first.refresh_token as string),
  ])
  expect(a.status).toBe(200)
  expect(b.status).toBe(200)
  expect(b.body.refresh_token).toBe(a.body.refresh_token)
  expect(b.body.access_token).toBe(a.body.access_token)
  // The sign-in and one refresh: the duplicate did not mint another GS2 token.
  expect(await stack.gs2Tokens(first.gs2_user_id as string)).toHaveLength(2)
  // And the shared successor keeps working for both tabs.
  expect((await refresh(a.body.refresh_token as string)).status).toBe(200)
})

test('reuse within the 10 s grace window answers the same pair; after it, the whole family is revoked', async () => {
  const next = await refresh(first.refresh_token as string)
  stack.clock.advance(10_000)
  const late = await refresh(first.refresh_token as string)
  expect(late.status).toBe(200)
  expect(late.body.refresh_token).toBe(next.body.refresh_token)
  expect(late.body.access_token).toBe(next.body.access_token)
  expect(late.body.expires_in).toBe((next.body.expires_in as number) - 10)

  stack.clock.advance(1)
  const reused = await refresh(first.refresh_token as string)
  expect(reused.status).toBe(400)
  expect(reused.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'refresh_token_reused',
  })
  // The stolen-or-confused family is gone, including the legitimate successor.
  const successor = await refresh(next.body.refresh_token as string)
  expect(successor.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'refresh_token_revoked',
  })
  // Other sign-ins of the same player (another device) are separate families and keep working.
  const other = await stack.token(passwordForm('heidi', 'heidi-password'))
  expect((await refresh(other.body.refresh_token as string)).status).toBe(200)
})

test('unknown, foreign-client and expired refresh tokens are invalid_grant with a reason', async () => {
  expect((await refresh('x'.repeat(43))).body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'refresh_token_invalid',
  })
  const foreign = await refresh(first.refresh_token as string, { client_id: 'other-game' })
  expect(foreign.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'refresh_token_invalid',
  })
  const wrongScope = await refresh(first.refresh_token as string, { scope: 'gs2 admin' })
  expect(wrongScope.body).toMatchObject({ error: 'invalid_scope', field: 'scope' })
  // Neither attempt spent the token.
  const next = await refresh(first.refresh_token as string, { scope: 'gs2' })
  expect(next.status).toBe(200)
  stack.clock.advance(30 * 24 * 3600_000)
  const expired = await refresh(next.body.refresh_token as string)
  expect(expired.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'refresh_token_expired',
  })
})
