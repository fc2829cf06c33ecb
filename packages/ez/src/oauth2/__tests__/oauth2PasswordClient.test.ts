import { describe, expect, test } from 'vitest'
import { isEzError } from '../../ezError.ts'
import { classifyFailure } from '../../failurePolicy.ts'
import { isOAuth2Error, OAuth2Error } from '../oauth2Error.ts'
import { OAuth2PasswordClient } from '../oauth2PasswordClient.ts'

// The wire contract of the gs2ez game server, checked with an injected fetch that answers like
// it. The same client runs against the real server in apps/game-server's integration tests.

interface Sent {
  url: string
  form: Record<string, string>
  contentType: string | null
}

function server(answers: Array<Response | Error>) {
  const sent: Sent[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({
      url: String(input),
      form: Object.fromEntries(new URLSearchParams(String(init?.body))),
      contentType: new Headers(init?.headers).get('content-type'),
    })
    const next = answers.shift()
    if (!next) throw new Error('no answer left')
    if (next instanceof Error) throw next
    return next
  }) as typeof globalThis.fetch
  return { fetch, sent }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

const TOKEN = {
  access_token: 'gs2-token',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'r'.repeat(43),
  scope: 'gs2',
  user_guid: 'guid-1',
  gs2_user_id: 'gs2-user-1',
  expire: 1_800_000_000_000,
}

const client = (fetch: typeof globalThis.fetch) =>
  new OAuth2PasswordClient({ url: 'http://127.0.0.1:4100/', clientId: 'gs2ez-demo', fetch })

describe('options', () => {
  test.each([
    ['url', { url: 'not a url', clientId: 'c' }],
    ['url', { url: 'ftp://example.com', clientId: 'c' }],
    ['clientId', { url: 'http://x', clientId: '' }],
    ['clientId', { url: 'http://x', clientId: 'c'.repeat(129) }],
  ])('a bad %s throws ValidationError naming it', (field, options) => {
    expect(() => new OAuth2PasswordClient(options)).toThrow(
      expect.objectContaining({ name: 'ValidationError', field }),
    )
  })
})

test('the password grant posts a form with client_id, and maps the token response to camelCase', async () => {
  const { fetch, sent } = server([json(200, { ...TOKEN, time_offset: 60 })])
  const result = await client(fetch).passwordGrant({
    username: 'alice',
    password: 'pw',
    timeOffsetToken: 'tot',
  })
  expect(sent[0]).toEqual({
    url: 'http://127.0.0.1:4100/oauth/access_token',
    contentType: 'application/x-www-form-urlencoded',
    form: {
      client_id: 'gs2ez-demo',
      grant_type: 'password',
      username: 'alice',
      password: 'pw',
      additional_parameters: '{"time_offset_token":"tot"}',
    },
  })
  expect(result).toEqual({
    type: 'token',
    token: {
      accessToken: 'gs2-token',
      expiresIn: 3600,
      refreshToken: TOKEN.refresh_token,
      scope: 'gs2',
      userGuid: 'guid-1',
      gs2UserId: 'gs2-user-1',
      expire: TOKEN.expire,
      timeOffset: 60,
    },
  })
})

test('signIn: a 202 (code 410) asks the handler, retries a wrong code, then completes with mfa_token + otp', async () => {
  const challenge = {
    error: { code: '410', message: 'Enter the code' },
    mfa_token: 'mfa',
    challenge_type: 'totp',
    expires_in: 300,
  }
  const wrong = {
    error: 'invalid_grant',
    error_description: 'The code is wrong.',
    error_reason: 'invalid_code',
    attempts_remaining: 4,
  }
  const { fetch, sent } = server([json(202, challenge), json(400, wrong), json(200, TOKEN)])
  const asked: unknown[] = []
  const token = await client(fetch).signIn({
    username: 'alice',
    password: 'pw',
    onSecondFactor: async (c) => {
      asked.push(c)
      return asked.length === 1 ? '000000' : ' 123456 '
    },
  })
  expect(token.accessToken).toBe('gs2-token')
  expect(asked).toEqual([
    { kind: 'totp', message: 'Enter the code', mfaToken: 'mfa', expiresIn: 300 },
    {
      kind: 'totp',
      message: 'Enter the code',
      mfaToken: 'mfa',
      expiresIn: 300,
      attemptsRemaining: 4,
    },
  ])
  expect(sent[2]?.form).toEqual({
    client_id: 'gs2ez-demo',
    grant_type: 'password',
    additional_parameters: '{"mfa_token":"mfa","otp":"123456"}',
  })
})

test('signIn: an emailed code (code 400) is sent as email_code; without a handler it fails clearly', async () => {
  const challenge = {
    error: { code: '400', message: 'An access code was sent' },
    mfa_token: 'm',
    challenge_type: 'email',
    expires_in: 300,
  }
  const { fetch, sent } = server([json(202, challenge), json(200, TOKEN), json(202, challenge)])
  await client(fetch).signIn({ username: 'a', password: 'p', onSecondFactor: async () => '654321' })
  expect(JSON.parse(sent[1]?.form.additional_parameters ?? '')).toEqual({
    mfa_token: 'm',
    email_code: '654321',
  })
  await expect(client(fetch).signIn({ username: 'a', password: 'p' })).rejects.toMatchObject({
    name: 'OAuth2Error',
    field: 'onSecondFactor',
  })
})

test('signIn gives up after maxCodeAttempts wrong codes with the server error', async () => {
  const challenge = {
    error: { code: '410', message: 'm' },
    mfa_token: 'x',
    challenge_type: 'totp',
    expires_in: 300,
  }
  const wrong = () =>
    json(400, {
      error: 'invalid_grant',
      error_description: 'wrong',
      error_reason: 'invalid_code',
      attempts_remaining: 3,
    })
  const { fetch } = server([json(202, challenge), wrong(), wrong()])
  await expect(
    client(fetch).signIn({
      username: 'a',
      password: 'p',
      maxCodeAttempts: 2,
      onSecondFactor: async () => '111111',
    }),
  ).rejects.toMatchObject({ error: 'invalid_grant', reason: 'invalid_code' })
})

describe('errors', () => {
  test('invalid_grant keeps status, reason and field; it is "rejected" and not retryable', async () => {
    const { fetch } = server([
      json(400, {
        error: 'invalid_grant',
        error_description: 'reused',
        error_reason: 'refresh_token_reused',
      }),
    ])
    const error = await client(fetch)
      .refresh('old')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OAuth2Error)
    expect(error).toMatchObject({
      code: 'oauth2.invalid_grant',
      error: 'invalid_grant',
      status: 400,
      reason: 'refresh_token_reused',
      retryable: false,
      rejected: true,
      message: 'reused',
    })
    expect(isEzError(error)).toBe(true)
    expect((error as OAuth2Error).toJSON()).toMatchObject({
      code: 'oauth2.invalid_grant',
      reason: 'refresh_token_reused',
    })
  })

  test('429 carries Retry-After in ms and is transient', async () => {
    const { fetch } = server([
      json(
        429,
        { error: 'too_many_requests', error_description: 'slow down' },
        { 'retry-after': '7' },
      ),
    ])
    const error = await client(fetch)
      .refresh('t')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ error: 'too_many_requests', retryable: true, retryAfterMs: 7000 })
    expect(classifyFailure(error)).toBe('transient')
  })

  test('a 502 from a proxy without a JSON body is a retryable server_error', async () => {
    const { fetch } = server([new Response('<html>bad gateway</html>', { status: 502 })])
    await expect(client(fetch).refresh('t')).rejects.toMatchObject({
      error: 'server_error',
      status: 502,
      retryable: true,
    })
  })

  test('fetch failing is a network_error with the cause; a malformed 200 is invalid_response', async () => {
    const cause = new TypeError('Failed to fetch')
    const { fetch } = server([cause, json(200, { access_token: 'x' })])
    await expect(client(fetch).refresh('t')).rejects.toMatchObject({
      error: 'network_error',
      retryable: true,
      cause,
    })
    await expect(client(fetch).refresh('t')).rejects.toMatchObject({
      error: 'invalid_response',
      status: 200,
    })
  })

  test("the caller's abort rejects with the abort reason, not as a network error", async () => {
    const controller = new AbortController()
    const fetch = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })) as typeof globalThis.fetch
    const pending = client(fetch).refresh('t', { signal: controller.signal })
    const reason = new Error('player left')
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })

  test('isOAuth2Error recognises errors from another bundle by their brand', () => {
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('gs2ez.oauth2.error'), {
      value: true,
    })
    expect(isOAuth2Error(foreign)).toBe(true)
    expect(isOAuth2Error(new Error('x'))).toBe(false)
  })
})

test('revoke posts the token to /oauth/revoke', async () => {
  const { fetch, sent } = server([json(200, {})])
  await client(fetch).revoke('r1')
  expect(sent[0]).toMatchObject({
    url: 'http://127.0.0.1:4100/oauth/revoke',
    form: { token: 'r1' },
  })
})
