import { Gs2AccountRestClient } from '@gs2ez/account'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import { BasicGs2Credential, Gs2RestSession } from '@gs2ez/core'
import { expect, test } from 'vitest'
import type { AuthenticatorContext } from '../../authenticator.ts'
import { classifyFailure } from '../../failurePolicy.ts'
import type { EzStore } from '../../storage/ezStore.ts'
import { createMemoryStore } from '../../storage/memoryStore.ts'
import { OAuth2PasswordAuthenticator } from '../oauth2PasswordAuthenticator.ts'

// Decisions of the authenticator that the real game server cannot easily be made to take
// (a reconfigured client id, a failing store). The flows against the real server are in
// apps/game-server/src/__tests__/oauth2PasswordAuthenticator.test.ts.

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const TOKEN = {
  access_token: 'gs2-token',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'n'.repeat(43),
  scope: 'gs2',
  user_guid: 'guid',
  gs2_user_id: 'gs2-user',
  expire: 1_800_000_000_000,
}

function setUp(answers: Response[], store: EzStore = createMemoryStore()) {
  const forms: Record<string, string>[] = []
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    forms.push(Object.fromEntries(new URLSearchParams(String(init?.body))))
    const next = answers.shift()
    if (!next) throw new Error('no answer left')
    return next
  }) as typeof globalThis.fetch
  // Never used for a request: the authenticator only talks to the game server.
  const session = new Gs2RestSession({ credential: new BasicGs2Credential('app', 'secret') })
  const context: AuthenticatorContext = {
    transport: session,
    auth: new Gs2AuthRestClient(session),
    account: new Gs2AccountRestClient(session),
    store,
    endpoint: 'https://auth.example',
    clientId: 'app',
    reason: 'login',
    signal: new AbortController().signal,
  }
  const asked: string[] = []
  const authenticator = (credentials?: () => Promise<{ username: string; password: string }>) =>
    new OAuth2PasswordAuthenticator({
      url: 'http://game.example',
      clientId: 'game',
      fetch,
      credentials: async (request) => {
        asked.push(request.reason)
        return credentials ? credentials() : { username: 'alice', password: 'pw' }
      },
    })
  return { context, forms, asked, authenticator, store }
}

test('returns the GS2 token as an AuthenticatorResult and stores only the refresh token', async () => {
  const { context, authenticator, store } = setUp([json(200, { ...TOKEN, time_offset: 30 })])
  const a = authenticator()
  expect(await a.authenticate(context)).toEqual({
    token: 'gs2-token',
    userId: 'gs2-user',
    expire: TOKEN.expire,
    timeOffset: 30,
  })
  expect(a.id).toBe('oauth2-password:http://game.example:game')
  expect(await store.get(`gs2ez.oauth2.refresh:https://auth.example:app:${a.id}`)).toEqual({
    v: 1,
    refreshToken: TOKEN.refresh_token,
    userGuid: 'guid',
    gs2UserId: 'gs2-user',
  })
})

test('a client id the server no longer knows: the refresh token is dropped, then the sign-in fails for good', async () => {
  const invalidClient = () =>
    json(401, { error: 'invalid_client', error_description: 'unknown client' })
  const { context, authenticator, asked, forms, store } = setUp([
    json(200, TOKEN),
    invalidClient(),
    invalidClient(),
  ])
  const a = authenticator()
  await a.authenticate(context)
  const error = await a.authenticate({ ...context, reason: 'proactive' }).catch((e: unknown) => e)
  expect(forms.map((f) => f.grant_type)).toEqual(['password', 'refresh_token', 'password'])
  expect(asked).toEqual(['signIn', 'refreshRejected'])
  expect(error).toMatchObject({
    name: 'CredentialsRejectedError',
    code: 'oauth2.invalid_client',
    status: 401,
  })
  expect(classifyFailure(error)).toBe('definitive')
  expect(await store.get(`gs2ez.oauth2.refresh:https://auth.example:app:${a.id}`)).toBeUndefined()
})

test('a player who cancels the sign-in form gets CredentialsRejectedError (oauth2.cancelled), no request', async () => {
  const { context, authenticator, forms } = setUp([])
  const cancelled = new Error('closed the dialog')
  const error = await authenticator(() => Promise.reject(cancelled))
    .authenticate(context)
    .catch((e: unknown) => e)
  expect(error).toMatchObject({
    name: 'CredentialsRejectedError',
    code: 'oauth2.cancelled',
    cause: cancelled,
  })
  expect(forms).toEqual([])
})

test('a store that cannot write does not throw away a session the server already rotated', async () => {
  const broken: EzStore = {
    ...createMemoryStore(),
    set: () => Promise.reject(new Error('QuotaExceededError')),
  }
  const { context, authenticator } = setUp([json(200, TOKEN)], broken)
  expect((await authenticator().authenticate({ ...context, store: broken })).token).toBe(
    'gs2-token',
  )
})

test('options are validated with errors naming the field', () => {
  const base = {
    url: 'http://game.example',
    clientId: 'game',
    credentials: async () => ({ username: 'a', password: 'b' }),
  }
  expect(() => new OAuth2PasswordAuthenticator({ ...base, url: 'nope' })).toThrow(
    expect.objectContaining({ field: 'url' }),
  )
  expect(() => new OAuth2PasswordAuthenticator({ ...base, credentials: 'x' as never })).toThrow(
    expect.objectContaining({ field: 'credentials' }),
  )
})
