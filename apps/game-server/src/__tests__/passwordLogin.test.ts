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
  expect(body.expires_in).toBeLessThanOrEqual(3600)
  expect(typeof body.refresh_token).toBe('string')
  const gs2UserId = body.gs2_user_id as string
  expect(gs2UserId).toMatch(/^[0-9a-f-]{36}$/)
  expect(gs2UserId).not.toBe(registered.user_guid)

  const issued = await stack.gs2Tokens(gs2UserId)
  expect(issued).toHaveLength(1)
  expect(issued[0]).toMatchObject({ userId: gs2UserId, timeOffset: 0 })
  expect(issued[0]?.federationFromUserId ?? null).toBeNull()
})
