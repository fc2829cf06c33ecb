import { afterEach, beforeEach, expect, test } from 'vitest'
import { passwordForm, type Stack, startStack } from './fixtures/stack.ts'

let stack: Stack
beforeEach(async () => {
  stack = await startStack()
  await stack.register({
    username: 'frank',
    password: 'frank-password',
    email: 'Frank@Example.com',
    twoFactor: 'email',
  })
})
afterEach(() => stack.close())

interface Mail {
  to: string
  subject: string
  text: string
  sentAt: number
}
const outbox = (to: string): Promise<Mail[]> => stack.outbox(to)
const codeIn = (mail: Mail | undefined): string => /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? ''
const step2 = (mfaToken: string, emailCode: string) =>
  stack.token({
    client_id: 'gs2ez-demo',
    grant_type: 'password',
    username: 'frank',
    additional_parameters: JSON.stringify({ mfa_token: mfaToken, email_code: emailCode }),
  })

test('step 1 answers 202 code 400 "an access code was sent"; the mailed code completes step 2 once', async () => {
  const first = await stack.token(passwordForm('frank', 'frank-password'))
  expect(first.status).toBe(202)
  expect(first.body).toMatchObject({
    error: { code: '400', message: 'An access code was sent to F***@Example.com.' },
    challenge_type: 'email',
  })
  const mails = await outbox('frank@example.com')
  expect(mails).toHaveLength(1)
  expect(mails[0]?.subject).toBe('Your sign-in code')
  const code = codeIn(mails[0])
  expect(code).toMatch(/^\d{6}$/)
  const second = await step2(first.body.mfa_token as string, code)
  expect(second.status).toBe(200)
  expect(await stack.gs2Tokens(second.body.gs2_user_id as string)).toHaveLength(1)
  // Single use: the same code and mfa token do not sign in twice.
  const again = await step2(first.body.mfa_token as string, code)
  expect(again.body).toMatchObject({ error: 'invalid_grant', error_reason: 'challenge_unknown' })
})

test('each step 1 mails a new code; a code from another challenge does not work', async () => {
  const a = await stack.token(passwordForm('frank', 'frank-password'))
  const b = await stack.token(passwordForm('frank', 'frank-password'))
  const [mailA, mailB] = await outbox('frank@example.com')
  const codeA = codeIn(mailA)
  const codeB = codeIn(mailB)
  if (codeA !== codeB) {
    const crossed = await step2(b.body.mfa_token as string, codeA)
    expect(crossed.body).toMatchObject({ error_reason: 'invalid_code', attempts_remaining: 4 })
  }
  expect((await step2(b.body.mfa_token as string, codeB)).status).toBe(200)
  expect((await step2(a.body.mfa_token as string, codeA)).status).toBe(200)
})

test('a wrong code is invalid_code; an expired one (after 5 min, injected clock) is challenge_expired', async () => {
  const first = await stack.token(passwordForm('frank', 'frank-password'))
  const code = codeIn((await outbox('frank@example.com'))[0])
  const wrong = await step2(first.body.mfa_token as string, code === '123456' ? '654321' : '123456')
  expect(wrong.status).toBe(400)
  expect(wrong.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'invalid_code',
    attempts_remaining: 4,
  })
  stack.clock.advance(5 * 60_000 - 1)
  stack.clock.advance(1)
  const expired = await step2(first.body.mfa_token as string, code)
  expect(expired.body).toMatchObject({ error: 'invalid_grant', error_reason: 'challenge_expired' })
})

test('step 2 without the code names the missing field', async () => {
  const first = await stack.token(passwordForm('frank', 'frank-password'))
  const res = await stack.token({
    client_id: 'gs2ez-demo',
    grant_type: 'password',
    additional_parameters: JSON.stringify({ mfa_token: first.body.mfa_token, otp: '123456' }),
  })
  expect(res.status).toBe(400)
  expect(res.body).toMatchObject({
    error: 'invalid_request',
    field: 'additional_parameters.email_code',
  })
})
