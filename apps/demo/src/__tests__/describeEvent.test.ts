import { expect, test } from 'vitest'
import { describeEvent, errorText, loginFailureText } from '../session/describeEvent.ts'

test('maps the SDK events the HUD cares about to log kinds', () => {
  const expire = Date.UTC(2026, 0, 1, 12, 0, 0)
  expect(describeEvent({ type: 'restoredFromCache', userId: 'u', expire })?.kind).toBe('restored')
  expect(describeEvent({ type: 'loggedIn', userId: 'u', expire, latencyMs: 41.6 })).toEqual({
    kind: 'signedIn',
    message: 'Logged in (42 ms)',
  })
  expect(
    describeEvent({
      type: 'reauthenticated',
      reason: 'reactive',
      latencyMs: 12,
      userId: 'u',
      expire,
      source: 'thisTab',
    }),
  ).toEqual({
    kind: 'reauthenticated',
    message: 'Re-authenticated: server rejected the token (12 ms)',
  })
  const failed = describeEvent({
    type: 'reauthenticationFailed',
    reason: 'proactive',
    error: new Error('offline'),
    definitive: false,
    retryAt: expire,
    attempt: 1,
  })
  expect(failed).toEqual({
    kind: 'degraded',
    message: 'Degraded: re-authentication failed (offline), retry at 12:00:00',
  })
  expect(describeEvent({ type: 'signedOut', reason: 'otherTab' })).toEqual({
    kind: 'signedOut',
    message: 'Signed out (another tab logged out)',
  })
})

test('errors show their code when they have one', () => {
  const error = Object.assign(new Error('bad password'), { code: 'account.password.invalid' })
  expect(errorText(error)).toBe('account.password.invalid: bad password')
  expect(errorText('plain')).toBe('plain')
})

test('an error is one line: the code once, no line breaks, no backticks', () => {
  const repeated = Object.assign(new Error('gs2ez.http.503: auth: down\n  (retry later)'), {
    code: 'gs2ez.http.503',
  })
  expect(errorText(repeated)).toBe('gs2ez.http.503: auth: down (retry later)')
  expect(errorText(new Error('needs a `revoker` option'))).toBe('needs a revoker option')
  expect(errorText(new Error('x'.repeat(500)))).toHaveLength(160)
})

test('an unreachable server gets the likely fix instead of a stack of URLs', () => {
  const network = Object.assign(new Error('Failed to fetch'), { code: 'gs2ez.network' })
  expect(loginFailureText(network)).toMatch(/emulator running\? Start it with pnpm start\.$/)
  expect(loginFailureText(Object.assign(new Error('down'), { status: 503 }))).toMatch(/No answer/)
  const rejected = Object.assign(new Error('banned'), { code: 'account.banned', status: 401 })
  expect(loginFailureText(rejected)).toBe('account.banned: banned')
})
