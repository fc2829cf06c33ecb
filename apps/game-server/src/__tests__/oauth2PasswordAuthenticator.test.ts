import { Gs2AccountRestClient } from '@gs2ez/account'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import { BasicGs2Credential, Gs2RestSession } from '@gs2ez/core'
import {
  type AuthenticatorContext,
  type CredentialsRequest,
  classifyFailure,
  createMemoryStore,
  type EzStore,
  isOAuth2Error,
  OAuth2PasswordAuthenticator,
  type SecondFactorChallenge,
} from '@gs2ez/ez'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { CLIENT_ID, type Stack, startStack, totpAt } from './fixtures/stack.ts'

let stack: Stack
let session: Gs2RestSession
let store: EzStore
let secret: string
beforeEach(async () => {
  stack = await startStack()
  const registered = await stack.register({
    username: 'quinn',
    password: 'quinn-password',
    twoFactor: 'totp',
  })
  secret = (registered.totp as { secret: string }).secret
  await stack.register({
    username: 'rita',
    password: 'rita-password',
    email: 'rita@example.com',
    twoFactor: 'email',
  })
  await stack.register({ username: 'sam', password: 'sam-password' })
  session = new Gs2RestSession({
    credential: new BasicGs2Credential(
      stack.emulator.credentials.application.clientId,
      stack.emulator.credentials.application.clientSecret,
    ),
    endpointTemplate: stack.emulator.endpointTemplate,
  })
  store = createMemoryStore()
})
afterEach(async () => {
  session.close()
  await stack.close()
})

const context = (reason: AuthenticatorContext['reason'] = 'login'): AuthenticatorContext => ({
  transport: session,
  auth: new Gs2AuthRestClient(session),
  account: new Gs2AccountRestClient(session),
  store,
  endpoint: session.endpoint('auth'),
  clientId: stack.emulator.credentials.application.clientId,
  reason,
  signal: new AbortController().signal,
})

function authenticator(
  username: string,
  password: string,
  codes?: (c: SecondFactorChallenge) => Promise<string>,
) {
  const asked: CredentialsRequest[] = []
  const challenges: SecondFactorChallenge[] = []
  const a = new OAuth2PasswordAuthenticator({
    url: stack.url,
    clientId: CLIENT_ID,
    credentials: async (request) => {
      asked.push(request)
      return { username, password }
    },
    onSecondFactor: async (challenge) => {
      challenges.push(challenge)
      if (!codes) throw new Error('no code expected')
      return codes(challenge)
    },
  })
  return { a, asked, challenges }
}

// The key the authenticator documents: per GS2 project, app client, game server and OAuth client.
const storedRefresh = (a: OAuth2PasswordAuthenticator) =>
  store.get<{ refreshToken: string }>(
    `gs2ez.oauth2.refresh:${context().endpoint}:${context().clientId}:${a.id}`,
  )

test('first login asks for credentials and the TOTP code; re-authentication uses the refresh token, no prompt', async () => {
  const { a, asked, challenges } = authenticator('quinn', 'quinn-password', () =>
    totpAt(secret, stack.clock),
  )
  const first = await a.authenticate(context('login'))
  expect(asked).toEqual([{ reason: 'signIn', error: undefined }])
  expect(challenges).toHaveLength(1)
  expect(challenges[0]).toMatchObject({ kind: 'totp', expiresIn: 300 })
  const tokens = await stack.gs2Tokens(first.userId)
  expect(tokens).toHaveLength(1)
  expect(first.expire).toBe(tokens[0]?.expire)
  const saved = await storedRefresh(a)
  expect(saved?.refreshToken).toMatch(/^[\w-]{43}$/)
  // Only the refresh token is persisted, never the access token or the password.
  expect(JSON.stringify(saved)).not.toContain(first.token)
  expect(JSON.stringify(saved)).not.toContain('quinn-password')

  const second = await a.authenticate(context('proactive'))
  expect(asked).toHaveLength(1)
  expect(challenges).toHaveLength(1)
  expect(second.userId).toBe(first.userId)
  expect(second.token).not.toBe(first.token)
  expect((await storedRefresh(a))?.refreshToken).not.toBe(saved?.refreshToken)
  expect(await stack.gs2Tokens(first.userId)).toHaveLength(2)
})

test('a wrong TOTP code is asked again with the attempts left; then the right one signs in', async () => {
  let calls = 0
  const { a, challenges } = authenticator('quinn', 'quinn-password', async () => {
    calls++
    const good = await totpAt(secret, stack.clock)
    return calls === 1 ? (good === '000000' ? '111111' : '000000') : good
  })
  const result = await a.authenticate(context())
  expect(challenges.map((c) => c.attemptsRemaining)).toEqual([undefined, 4])
  expect(result.userId).toMatch(/^[0-9a-f-]{36}$/)
})

test('the emailed code flow: the callback gets kind "email" and the server message', async () => {
  const { a, challenges } = authenticator('rita', 'rita-password', async (challenge) => {
    expect(challenge.kind).toBe('email')
    const items = await stack.outbox('rita@example.com')
    return /\d{6}/.exec(items.at(-1)?.text ?? '')?.[0] ?? ''
  })
  const result = await a.authenticate(context())
  expect(challenges[0]?.message).toBe('An access code was sent to r***@example.com.')
  expect(await stack.gs2Tokens(result.userId)).toHaveLength(1)
})

test('a wrong password is a CredentialsRejectedError: definitive, the session signs out', async () => {
  const { a } = authenticator('sam', 'not-the-password')
  const error = await a.authenticate(context()).catch((e: unknown) => e)
  expect(error).toMatchObject({
    name: 'CredentialsRejectedError',
    code: 'oauth2.invalid_grant',
    status: 400,
  })
  expect(classifyFailure(error)).toBe('definitive')
})

test('a refresh token rejected for good (revoked) asks the player again, with the reason', async () => {
  const { a, asked } = authenticator('sam', 'sam-password')
  await a.authenticate(context())
  const saved = await storedRefresh(a)
  await fetch(`${stack.url}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: saved?.refreshToken ?? '' }),
  })
  const again = await a.authenticate(context('reactive'))
  expect(asked.map((r) => r.reason)).toEqual(['signIn', 'refreshRejected'])
  expect(asked[1]?.error).toMatchObject({ error: 'invalid_grant', reason: 'refresh_token_revoked' })
  expect(again.token.length).toBeGreaterThan(0)
  expect((await storedRefresh(a))?.refreshToken).not.toBe(saved?.refreshToken)
})

test('an unreachable game server is transient: the refresh token is kept and nobody is asked', async () => {
  const { a, asked } = authenticator('sam', 'sam-password')
  await a.authenticate(context())
  const saved = await storedRefresh(a)
  await stack.running.close()
  const error = await a.authenticate(context('proactive')).catch((e: unknown) => e)
  expect(isOAuth2Error(error)).toBe(true)
  expect(error).toMatchObject({ error: 'network_error', retryable: true })
  expect(classifyFailure(error)).toBe('transient')
  expect(asked).toHaveLength(1)
  expect(await storedRefresh(a)).toEqual(saved)
})

test('a 429 at sign-in is transient and carries Retry-After for the backoff', async () => {
  for (let i = 0; i < 5; i++) {
    await stack.token({
      client_id: CLIENT_ID,
      grant_type: 'password',
      username: 'sam',
      password: 'wrong-password',
    })
  }
  const { a } = authenticator('sam', 'sam-password')
  const error = await a.authenticate(context()).catch((e: unknown) => e)
  expect(error).toMatchObject({
    name: 'OAuth2Error',
    error: 'too_many_requests',
    status: 429,
    retryAfterMs: 300_000,
  })
  expect(classifyFailure(error)).toBe('transient')
})

test('two tabs re-authenticating with the same stored refresh token end with the same session', async () => {
  const { a } = authenticator('sam', 'sam-password')
  await a.authenticate(context())
  const [one, two] = await Promise.all([
    a.authenticate(context('proactive')),
    a.authenticate(context('proactive')),
  ])
  expect(two.token).toBe(one.token)
})

test('forget() revokes the refresh token at the server and deletes it', async () => {
  const { a, asked } = authenticator('sam', 'sam-password')
  await a.authenticate(context())
  const saved = await storedRefresh(a)
  await a.forget(context())
  expect(await storedRefresh(a)).toBeUndefined()
  const refresh = await stack.token({
    client_id: CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: saved?.refreshToken ?? '',
  })
  expect(refresh.body).toMatchObject({ error_reason: 'refresh_token_revoked' })
  await a.authenticate(context())
  expect(asked.map((r) => r.reason)).toEqual(['signIn', 'signIn'])
})
