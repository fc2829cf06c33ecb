import { afterEach, beforeEach, expect, test } from 'vitest'
import { CLIENT_ID, passwordForm, type Stack, startStack, totpAt } from './fixtures/stack.ts'

let stack: Stack
beforeEach(async () => {
  stack = await startStack()
})
afterEach(() => stack.close())

const refresh = (s: Stack, refreshToken: string) =>
  s.token({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken })

test('users, refresh tokens, TOTP replay state and the outbox survive a restart', async () => {
  const plain = await stack.register({ username: 'judy', password: 'judy-password' })
  const totpUser = await stack.register({
    username: 'ken',
    password: 'ken-password',
    twoFactor: 'totp',
  })
  await stack.register({
    username: 'lee',
    password: 'lee-password',
    email: 'lee@example.com',
    twoFactor: 'email',
  })
  const login = await stack.token(passwordForm('judy', 'judy-password'))
  const secret = (totpUser.totp as { secret: string }).secret
  const usedCode = await totpAt(secret, stack.clock)
  const kenLogin = await stack.token(
    passwordForm('ken', 'ken-password', {
      additional_parameters: JSON.stringify({ otp: usedCode }),
    }),
  )
  expect(kenLogin.status).toBe(200)
  expect((await stack.token(passwordForm('lee', 'lee-password'))).status).toBe(202)

  stack = await stack.restart()

  const again = await stack.token(passwordForm('judy', 'judy-password'))
  expect(again.body).toMatchObject({
    user_guid: plain.user_guid,
    gs2_user_id: login.body.gs2_user_id,
  })
  expect((await refresh(stack, login.body.refresh_token as string)).status).toBe(200)
  const replay = await stack.token(
    passwordForm('ken', 'ken-password', {
      additional_parameters: JSON.stringify({ otp: usedCode }),
    }),
  )
  expect(replay.body).toMatchObject({ error_reason: 'invalid_code' })
  stack.clock.advance(30_000)
  const next = await stack.token(
    passwordForm('ken', 'ken-password', {
      additional_parameters: JSON.stringify({ otp: await totpAt(secret, stack.clock) }),
    }),
  )
  expect(next.body.user_guid).toBe(totpUser.user_guid)
  expect(await stack.outbox('lee@example.com')).toHaveLength(1)
})

test('a duplicate refresh within the grace window still gets the same refresh token after a restart', async () => {
  await stack.register({ username: 'mia', password: 'mia-password' })
  const login = await stack.token(passwordForm('mia', 'mia-password'))
  const rotated = await refresh(stack, login.body.refresh_token as string)
  stack = await stack.restart()
  stack.clock.advance(5_000)
  const late = await refresh(stack, login.body.refresh_token as string)
  expect(late.status).toBe(200)
  expect(late.body.refresh_token).toBe(rotated.body.refresh_token)
  expect((await refresh(stack, rotated.body.refresh_token as string)).status).toBe(200)
  stack.clock.advance(10_000)
  expect((await refresh(stack, login.body.refresh_token as string)).body).toMatchObject({
    error_reason: 'refresh_token_reused',
  })
})

test('the database holds no password, refresh token, access token or mfa token in clear', async () => {
  await stack.register({ username: 'nia', password: 'nia-secret-password', twoFactor: 'totp' })
  await stack.register({ username: 'noa', password: 'noa-secret-password' })
  const login = await stack.token(passwordForm('noa', 'noa-secret-password'))
  const challenge = await stack.token(passwordForm('nia', 'nia-secret-password'))
  expect(challenge.status).toBe(202)
  const stored = await stack.dump()
  expect(stored).toContain('"username":"nia"')
  for (const secret of [
    'nia-secret-password',
    'noa-secret-password',
    login.body.refresh_token as string,
    login.body.access_token as string,
    challenge.body.mfa_token as string,
  ]) {
    expect(stored).not.toContain(secret)
  }
})
