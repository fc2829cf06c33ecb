import { afterEach, beforeEach, expect, test } from 'vitest'
import { passwordForm, type Stack, startStack, totpAt } from './fixtures/stack.ts'

let stack: Stack
let secret: string
beforeEach(async () => {
  stack = await startStack()
  const registered = await stack.register({
    username: 'erin',
    password: 'erin-password',
    twoFactor: 'totp',
  })
  const totp = registered.totp as { secret: string; otpauth_uri: string }
  secret = totp.secret
  expect(totp.otpauth_uri).toBe(`otpauth://totp/gs2ez:erin?secret=${secret}&issuer=gs2ez`)
})
afterEach(() => stack.close())

const step2 = (mfaToken: string, otp: string) =>
  stack.token({
    client_id: 'gs2ez-demo',
    grant_type: 'password',
    username: 'erin',
    additional_parameters: JSON.stringify({ mfa_token: mfaToken, otp }),
  })

test('step 1 answers 202 with code 410 and an mfa token; step 2 with the TOTP code signs in', async () => {
  const first = await stack.token(passwordForm('erin', 'erin-password'))
  expect(first.status).toBe(202)
  expect(first.body).toMatchObject({
    error: { code: '410' },
    challenge_type: 'totp',
    expires_in: 300,
  })
  expect(typeof first.body.mfa_token).toBe('string')
  expect(first.body.access_token).toBeUndefined()
  const second = await step2(first.body.mfa_token as string, await totpAt(secret, stack.clock))
  expect(second.status).toBe(200)
  expect(second.body).toMatchObject({ token_type: 'Bearer' })
  expect(await stack.gs2Tokens(second.body.gs2_user_id as string)).toHaveLength(1)
})

test('a wrong code counts down; the fifth locks the challenge, even for the right code', async () => {
  const first = await stack.token(passwordForm('erin', 'erin-password'))
  const mfaToken = first.body.mfa_token as string
  const good = await totpAt(secret, stack.clock)
  const bad = good === '000000' ? '111111' : '000000'
  for (let remaining = 4; remaining >= 1; remaining--) {
    const wrong = await step2(mfaToken, bad)
    expect(wrong.status).toBe(400)
    expect(wrong.body).toMatchObject({
      error: 'invalid_grant',
      error_reason: 'invalid_code',
      attempts_remaining: remaining,
    })
  }
  // The 5th wrong code also locks the username (5 failures): 429 before any check.
  const fifth = await step2(mfaToken, bad)
  expect(fifth.body).toMatchObject({ error: 'invalid_grant', error_reason: 'challenge_locked' })
  const late = await step2(mfaToken, good)
  expect(late.status).toBe(429)
  stack.clock.advance(5 * 60_000 + 1)
  const afterLockout = await step2(mfaToken, good)
  expect(afterLockout.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'challenge_locked',
  })
})

test('a code used once is refused the second time (replay), even in a new challenge', async () => {
  const code = await totpAt(secret, stack.clock)
  const first = await stack.token(passwordForm('erin', 'erin-password'))
  expect((await step2(first.body.mfa_token as string, code)).status).toBe(200)
  const again = await stack.token(passwordForm('erin', 'erin-password'))
  const replay = await step2(again.body.mfa_token as string, code)
  expect(replay.body).toMatchObject({ error: 'invalid_grant', error_reason: 'invalid_code' })
  // The mfa token of a completed challenge is spent.
  const reuse = await step2(first.body.mfa_token as string, code)
  expect(reuse.body).toMatchObject({ error: 'invalid_grant', error_reason: 'challenge_unknown' })
})

test('a challenge expires after 5 minutes (injected clock)', async () => {
  const first = await stack.token(passwordForm('erin', 'erin-password'))
  stack.clock.advance(5 * 60_000)
  const expired = await step2(first.body.mfa_token as string, await totpAt(secret, stack.clock))
  expect(expired.status).toBe(400)
  expect(expired.body).toMatchObject({ error: 'invalid_grant', error_reason: 'challenge_expired' })
})

test('codes from one step (30 s) before or after are accepted; older ones are not', async () => {
  const first = await stack.token(passwordForm('erin', 'erin-password'))
  const old = await totpAt(secret, stack.clock)
  stack.clock.advance(95_000)
  const stale = await step2(first.body.mfa_token as string, old)
  expect(stale.body).toMatchObject({ error_reason: 'invalid_code' })
  const fresh = await step2(
    first.body.mfa_token as string,
    await totpAt(secret, { now: () => stack.clock.now() - 30_000 }),
  )
  expect(fresh.status).toBe(200)
})

test('the password plus a TOTP code in one request skips the challenge; a wrong one is invalid_code', async () => {
  const wrong = await stack.token(
    passwordForm('erin', 'erin-password', {
      additional_parameters: JSON.stringify({ otp: '000000' }),
    }),
  )
  const code = await totpAt(secret, stack.clock)
  if (code !== '000000') expect(wrong.body).toMatchObject({ error_reason: 'invalid_code' })
  const direct = await stack.token(
    passwordForm('erin', 'erin-password', { additional_parameters: JSON.stringify({ otp: code }) }),
  )
  expect(direct.status).toBe(200)
})

test('a wrong password never opens a challenge', async () => {
  const first = await stack.token(passwordForm('erin', 'wrong-password'))
  expect(first.status).toBe(400)
  expect(first.body).toMatchObject({ error_reason: 'invalid_credentials' })
  expect(first.body.mfa_token).toBeUndefined()
})
