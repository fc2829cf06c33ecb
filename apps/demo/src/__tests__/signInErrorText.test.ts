import { CredentialsRejectedError, OAuth2Error } from '@gs2ez/ez'
import { expect, test } from 'vitest'
import { signInErrorText } from '../session/signInErrorText.ts'

const url = 'http://127.0.0.1:4100'
const rejected = (reason: string) =>
  new CredentialsRejectedError('refused', {
    code: 'oauth2.invalid_grant',
    cause: new OAuth2Error('refused', { error: 'invalid_grant', status: 400, reason }),
  })

test('a refused sign-in names what to fix, read through the CredentialsRejectedError cause', () => {
  expect(signInErrorText(rejected('invalid_credentials'), url)).toBe('Wrong username or password.')
  expect(signInErrorText(rejected('invalid_code'), url)).toMatch(/^Too many wrong codes/)
  expect(signInErrorText(rejected('challenge_locked'), url)).toMatch(/^Too many wrong codes/)
  expect(signInErrorText(rejected('challenge_expired'), url)).toMatch(/expired/)
})

test('transient failures say when to retry or what is down', () => {
  expect(
    signInErrorText(
      new OAuth2Error('slow down', { error: 'too_many_requests', status: 429, retryAfterMs: 4200 }),
      url,
    ),
  ).toBe('Too many failed attempts. Try again in 5 s.')
  expect(signInErrorText(new OAuth2Error('x', { error: 'network_error' }), url)).toBe(
    "Can't reach the game server at http://127.0.0.1:4100. Is it running (pnpm start)?",
  )
  expect(
    signInErrorText(new OAuth2Error('x', { error: 'temporarily_unavailable', status: 503 }), url),
  ).toMatch(/cannot reach GS2/)
  expect(
    signInErrorText(
      new OAuth2Error('username is too short', { error: 'invalid_request', field: 'username' }),
      url,
    ),
  ).toBe('username is too short (username)')
  expect(signInErrorText(new Error('boom'), url)).toBe('boom')
})
