import { startEmulator } from '@gs2ez/emulator'
import { afterEach, expect, test } from 'vitest'
import { CLIENT_ID, passwordForm, type Stack, startStack } from './fixtures/stack.ts'

let stack: Stack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

test('a time offset token GS2 does not know is invalid_grant, and no session is started', async () => {
  stack = await startStack()
  await stack.register({ username: 'uma', password: 'uma-password' })
  const res = await stack.token(
    passwordForm('uma', 'uma-password', {
      additional_parameters: JSON.stringify({ time_offset_token: 'bogus-token' }),
    }),
  )
  expect(res.status).toBe(400)
  expect(res.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'time_offset_token_invalid',
  })
  expect(res.body.refresh_token).toBeUndefined()
})

test('GS2 down: 503 temporarily_unavailable with Retry-After, and the refresh token is NOT spent', async () => {
  const emulator = await startEmulator()
  stack = await startStack({ emulator })
  await stack.register({ username: 'vic', password: 'vic-password' })
  const login = await stack.token(passwordForm('vic', 'vic-password'))
  await emulator.close()

  const down = await stack.token({
    client_id: CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: login.body.refresh_token as string,
  })
  expect(down.status).toBe(503)
  expect(down.headers.get('retry-after')).toBe('1')
  expect(down.body).toMatchObject({ error: 'temporarily_unavailable' })
  const signIn = await stack.token(passwordForm('vic', 'vic-password'))
  expect(signIn.status).toBe(503)
  // Well past the grace window: had the failed attempt rotated the token, this would be "reused".
  stack.clock.advance(60_000)
  const state = await stack.token({
    client_id: CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: login.body.refresh_token as string,
  })
  expect(state.body).toMatchObject({ error: 'temporarily_unavailable' })
}, 30_000)
