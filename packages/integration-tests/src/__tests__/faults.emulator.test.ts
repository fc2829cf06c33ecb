import { Gs2AccountRestClient } from '@gs2ez/account'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import {
  BadGatewayError,
  BasicGs2Credential,
  type Gs2Error,
  Gs2RestSession,
  type Gs2RestSessionOptions,
  InternalServerError,
  isGs2Error,
  NetworkError,
  parseErrorBody,
  QuotaLimitExceededError,
  RequestTimeoutError,
  ServiceUnavailableError,
  TimeoutError,
  UnexpectedStatusError,
} from '@gs2ez/core'
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from '@gs2ez/emulator'
import { createMemoryStore, Gs2AccountAuthenticator, Profile, type ProfileOptions } from '@gs2ez/ez'
import { afterEach, describe, expect, it, vi } from 'vitest'

// The emulator's fault injection (`/__emulator/faults`) makes a real server answer 429/5xx,
// stall or hang up on cue: these tests show the SDK's retries, timeouts and typed errors over
// real HTTP. Delays are the emulator's real timers, so they stay small; retry backoff is shrunk
// through the session's retry policy, and nothing asserts an upper bound on time.

interface Fault {
  readonly faultId: string
  // Unset ones may be left out or null.
  readonly api?: string | null
  readonly method?: string | null
  readonly path: string
  readonly status?: number | null
  readonly retryAfterSeconds?: number | null
  readonly delayMs?: number | null
  readonly drop: boolean
  readonly remaining: number | null
  readonly expiresAt: number | null
  readonly hits: number
  readonly createdAt: number
}

type FaultSpec = Readonly<Record<string, unknown>>

interface LoggedRequest {
  readonly at: number
  readonly method: string
  readonly path: string
  readonly status: number
}

const NS = 'default'
const FAULT_CODE = 'emulator.fault.injected'
/** Retries 5-20 ms apart: enough to show they happen, too short to slow the suite. */
const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 20 }

const running: RunningEmulator[] = []
const sessions: Gs2RestSession[] = []
const profiles: Profile[] = []

afterEach(async () => {
  await Promise.all(profiles.splice(0).map((p) => p.dispose()))
  for (const session of sessions.splice(0)) session.close()
  await Promise.all(running.splice(0).map((e) => e.close()))
})

const start = async (options: StartEmulatorOptions = {}) => {
  const emulator = await startEmulator({ port: 0, ...options })
  running.push(emulator)
  return emulator
}

const admin = async (emulator: RunningEmulator, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-gs2ez-admin-token': emulator.adminToken },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return {
    status: response.status,
    text,
    json: text === '' ? undefined : (JSON.parse(text) as unknown),
  }
}

const injectFault = async (emulator: RunningEmulator, spec: FaultSpec): Promise<Fault> => {
  const { status, text, json } = await admin(emulator, 'POST', '/faults', spec)
  expect(status, `POST /__emulator/faults ${JSON.stringify(spec)}: ${text}`).toBe(200)
  return (json as { item: Fault }).item
}

const activeFaults = async (emulator: RunningEmulator): Promise<Fault[]> => {
  const { status, json } = await admin(emulator, 'GET', '/faults')
  expect(status).toBe(200)
  return (json as { items: Fault[] }).items
}

const requestLog = async (emulator: RunningEmulator): Promise<LoggedRequest[]> => {
  const { json } = await admin(emulator, 'GET', '/requests')
  return (json as { items: LoggedRequest[] }).items
}

/** Statuses the emulator answered to `method path`, oldest first (0 = dropped). */
const statusesOf = async (emulator: RunningEmulator, method: string, path: string) =>
  (await requestLog(emulator))
    .filter((r) => r.method === method && r.path === path)
    .map((r) => r.status)

const accountCount = async (emulator: RunningEmulator) => {
  const { json } = await admin(emulator, 'GET', '/state')
  return (json as { accounts: number }).accounts
}

const connect = (emulator: RunningEmulator, options: Partial<Gs2RestSessionOptions> = {}) => {
  const { clientId, clientSecret } = emulator.credentials.application
  const session = new Gs2RestSession({
    credential: new BasicGs2Credential(clientId, clientSecret),
    region: emulator.region,
    endpointTemplate: emulator.endpointTemplate,
    retry: FAST_RETRY,
    ...options,
  })
  sessions.push(session)
  return {
    session,
    auth: new Gs2AuthRestClient(session),
    account: new Gs2AccountRestClient(session),
  }
}

/**
 * An emulator `sleep` that holds every delayed request until `release()`, so a fault's delay
 * outlasts the client's timeout by construction rather than by a race of two timers.
 */
const heldSleep = () => {
  const waiting: (() => void)[] = []
  return {
    sleep: (_ms: number) => new Promise<void>((resolve) => waiting.push(resolve)),
    held: () => waiting.length,
    release: () => {
      for (const resume of waiting.splice(0)) resume()
    },
  }
}

/** A fresh account and the signed body/signature pair `loginBySignature` takes. */
const signedPair = async (account: Gs2AccountRestClient) => {
  const { item } = await account.createAccount({ namespaceName: NS })
  const password = item.password ?? ''
  const { body, signature } = await account.authentication({
    namespaceName: NS,
    userId: item.userId,
    password,
  })
  return { userId: item.userId, password, body, signature }
}

const failure = (promise: Promise<unknown>): Promise<Gs2Error> =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => {
      if (!isGs2Error(error)) throw error
      return error
    },
  )

describe('injected statuses', () => {
  it('retries a 503 on loginBySignature and succeeds on the third attempt', async () => {
    const emulator = await start()
    const { account, auth } = connect(emulator)
    const { userId, body, signature } = await signedPair(account)
    const fault = await injectFault(emulator, {
      api: 'auth.loginBySignature',
      status: 503,
      times: 2,
    })
    expect(fault).toMatchObject({
      api: 'auth.loginBySignature',
      status: 503,
      drop: false,
      remaining: 2,
      expiresAt: null,
      hits: 0,
    })

    const token = await auth.loginBySignature({ body, signature })

    expect(token.userId).toBe(userId)
    expect(await statusesOf(emulator, 'POST', '/auth/login/signed')).toEqual([503, 503, 200])
    // `times` used up: the fault is gone.
    expect(await activeFaults(emulator)).toEqual([])
  })

  it('gives up after exactly maxAttempts with ServiceUnavailableError while the fault lasts', async () => {
    const emulator = await start()
    const { account } = connect(emulator, { retry: { ...FAST_RETRY, maxAttempts: 4 } })
    const { userId, password } = await signedPair(account)
    const path = `/account/${NS}/account/${userId}`
    await injectFault(emulator, { api: 'account.authentication', status: 503, times: 6 })
    const authenticate = (options = {}) =>
      account.authentication({ namespaceName: NS, userId, password }, options)

    const error = await failure(authenticate())
    expect(error).toBeInstanceOf(ServiceUnavailableError)
    expect(error).toMatchObject({
      name: 'ServiceUnavailableError',
      status: 503,
      code: FAULT_CODE,
      retryable: true,
    })
    // The signedPair authentication succeeded first; then the session's 4 attempts.
    expect(await statusesOf(emulator, 'PUT', path)).toEqual([200, 503, 503, 503, 503])
    expect(await activeFaults(emulator)).toMatchObject([{ remaining: 2, hits: 4 }])

    // A per-call `retry: 1` caps this call at 2 attempts, which also use the fault up.
    await expect(authenticate({ retry: 1 })).rejects.toBeInstanceOf(ServiceUnavailableError)
    expect(await statusesOf(emulator, 'PUT', path)).toHaveLength(7)
    expect(await activeFaults(emulator)).toEqual([])

    await expect(authenticate()).resolves.toMatchObject({ item: { userId } })
    expect((await statusesOf(emulator, 'PUT', path)).slice(-1)).toEqual([200])
  })

  // Every status the emulator injects is retryable: 402/500/502/503/504 per the GS2 table, 429
  // as the SDK's UnexpectedStatusError treats it. None of them is retried on a `retry: false` call.
  it.each([
    [402, 'QuotaLimitExceededError', QuotaLimitExceededError],
    [429, 'UnexpectedStatusError', UnexpectedStatusError],
    [500, 'InternalServerError', InternalServerError],
    [502, 'BadGatewayError', BadGatewayError],
    [503, 'ServiceUnavailableError', ServiceUnavailableError],
    [504, 'RequestTimeoutError', RequestTimeoutError],
  ] as const)(
    'a %i is %s, retryable as the protocol table says',
    async (status, name, ErrorClass) => {
      const emulator = await start()
      const { auth } = connect(emulator)
      await injectFault(emulator, { api: 'auth.getServiceVersion', status, times: 2 })

      const error = await failure(auth.getServiceVersion({ retry: false }))
      expect(error).toBeInstanceOf(ErrorClass)
      expect(error).toMatchObject({ name, status, code: FAULT_CODE, retryable: true })
      expect(error.details[0]?.code).toBe(FAULT_CODE)
      expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([status])

      await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })
      expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([
        status,
        status,
        200,
      ])
    },
  )

  it('does not retry a createAccount without a duplication avoider, even on a 503', async () => {
    const emulator = await start()
    const { account } = connect(emulator)
    await injectFault(emulator, { api: 'account.createAccount', status: 503, times: 1 })

    const error = await failure(account.createAccount({ namespaceName: NS }))

    expect(error).toMatchObject({ name: 'ServiceUnavailableError', status: 503, retryable: true })
    expect(await statusesOf(emulator, 'POST', `/account/${NS}/account`)).toEqual([503])
    expect(await accountCount(emulator)).toBe(0)
  })
})

describe('Retry-After', () => {
  it('waits the Retry-After of a 429 before retrying', async () => {
    const emulator = await start()
    const { auth } = connect(emulator)
    await injectFault(emulator, {
      api: 'auth.getServiceVersion',
      status: 429,
      retryAfterSeconds: 1,
      times: 2,
    })

    const error = await failure(auth.getServiceVersion({ retry: false }))
    expect(error).toBeInstanceOf(UnexpectedStatusError)
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1000, retryable: true })

    await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })
    const attempts = (await requestLog(emulator)).filter((r) => r.path === '/auth/system/version')
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 200])
    // The server's wait, not the 5-20 ms backoff, measured on the server.
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(950)
  })

  it('retries at once on Retry-After: 0 instead of backing off', async () => {
    const emulator = await start()
    // Backoff alone would wait at least 30 s (longer than the test timeout).
    const { auth, session } = connect(emulator, {
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    })
    await session.connect()
    await injectFault(emulator, {
      api: 'auth.getServiceVersion',
      status: 503,
      retryAfterSeconds: 0,
      times: 1,
    })

    await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })

    expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([503, 200])
  })

  it('surfaces a Retry-After beyond maxRetryAfterMs instead of waiting it out', async () => {
    const emulator = await start()
    const { auth } = connect(emulator)
    await injectFault(emulator, {
      api: 'auth.getServiceVersion',
      status: 503,
      retryAfterSeconds: 3600,
      times: 1,
    })

    const error = await failure(auth.getServiceVersion())

    expect(error).toBeInstanceOf(ServiceUnavailableError)
    expect(error).toMatchObject({ status: 503, retryAfterMs: 3_600_000 })
    expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([503])
  })
})

describe('injected delays', () => {
  it('a delay under the timeout only slows the call down', async () => {
    const emulator = await start()
    const { auth, session } = connect(emulator)
    await session.connect()
    await injectFault(emulator, { api: 'auth.getServiceVersion', delayMs: 150, times: 1 })

    const started = Date.now()
    await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })

    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([200])
  })

  it('a delay over timeoutMs times the attempt out, and the retry gets through', async () => {
    const delays = heldSleep()
    const emulator = await start({ sleep: delays.sleep })
    const { auth, session } = connect(emulator, { timeoutMs: 200 })
    await session.connect()
    await injectFault(emulator, { api: 'auth.getServiceVersion', delayMs: 1000, times: 2 })

    const error = await failure(auth.getServiceVersion({ retry: false }))
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({
      name: 'TimeoutError',
      code: 'gs2ez.timeout',
      timeoutMs: 200,
      status: undefined,
      retryable: true,
    })

    await vi.waitFor(() => expect(delays.held()).toBe(1))

    // The first attempt meets the second (and last) delay and times out; the retry does not.
    await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })
    await vi.waitFor(() => expect(delays.held()).toBe(2))
    expect(await activeFaults(emulator)).toEqual([])
    delays.release()
  })

  it('a delay with a status answers late with that status', async () => {
    const emulator = await start()
    const { auth, session } = connect(emulator)
    await session.connect()
    await injectFault(emulator, {
      api: 'auth.getServiceVersion',
      status: 502,
      delayMs: 100,
      times: 1,
    })

    const started = Date.now()
    const error = await failure(auth.getServiceVersion({ retry: false }))

    expect(Date.now() - started).toBeGreaterThanOrEqual(90)
    expect(error).toBeInstanceOf(BadGatewayError)
    expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([502])
  })
})

describe('responses lost to a timeout', () => {
  // A delay longer than the client's timeout is the real danger for createAccount: the emulator
  // still runs the request once its delay is over, so the account exists though the client
  // never heard of it. A drop does the same with `drop: 'after'`; `drop: true` is before the API.
  const createStatuses = (emulator: RunningEmulator) =>
    statusesOf(emulator, 'POST', `/account/${NS}/account`)

  it('a timed-out createAccount without a duplication avoider is not retried', async () => {
    const delays = heldSleep()
    const emulator = await start({ sleep: delays.sleep })
    const { account, session } = connect(emulator)
    await session.connect()
    await injectFault(emulator, { api: 'account.createAccount', delayMs: 1000, times: 1 })

    const error = await failure(account.createAccount({ namespaceName: NS }, { timeoutMs: 200 }))

    expect(error).toBeInstanceOf(TimeoutError)
    await vi.waitFor(() => expect(delays.held()).toBe(1))
    expect(await createStatuses(emulator)).toEqual([])
    // The server runs it after the client gave up: the one account, which the client lost.
    delays.release()
    await vi.waitFor(async () => expect(await createStatuses(emulator)).toEqual([200]))
    expect(await accountCount(emulator)).toBe(1)
  })

  it('a timed-out createAccount is sent once even when the caller asks for retries', async () => {
    const delays = heldSleep()
    const emulator = await start({ sleep: delays.sleep })
    const { account, session } = connect(emulator)
    await session.connect()
    await injectFault(emulator, { api: 'account.createAccount', delayMs: 1000, times: 1 })

    const error = await failure(
      account.createAccount({ namespaceName: NS }, { timeoutMs: 200, retry: 3 }),
    )

    expect(error).toBeInstanceOf(TimeoutError)
    await vi.waitFor(() => expect(delays.held()).toBe(1))
    delays.release()
    await vi.waitFor(async () => expect(await createStatuses(emulator)).toEqual([200]))
    expect(await accountCount(emulator)).toBe(1)
  })
})

describe('dropped connections', () => {
  it('a dropped request is a NetworkError, and the retry succeeds', async () => {
    const emulator = await start()
    const { auth } = connect(emulator)
    await injectFault(emulator, { api: 'auth.getServiceVersion', drop: true, times: 2 })

    const error = await failure(auth.getServiceVersion({ retry: false }))
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ code: 'gs2ez.network', status: undefined, retryable: true })

    await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })
    // The emulator logs a dropped request with status 0.
    expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([0, 0, 200])
  })

  it('a dropped createAccount is not retried', async () => {
    const emulator = await start()
    const { account } = connect(emulator)
    await injectFault(emulator, { api: 'account.createAccount', drop: true, times: 1 })

    const error = await failure(account.createAccount({ namespaceName: NS }))

    expect(error).toBeInstanceOf(NetworkError)
    expect(await statusesOf(emulator, 'POST', `/account/${NS}/account`)).toEqual([0])
    expect(await activeFaults(emulator)).toEqual([])
    // The fault is used up: a new call creates an account.
    await expect(account.createAccount({ namespaceName: NS })).resolves.toMatchObject({
      item: { userId: expect.any(String) },
    })
    expect(await statusesOf(emulator, 'POST', `/account/${NS}/account`)).toEqual([0, 200])
  })

  it('a createAccount whose answer is lost is sent once: a NetworkError, and no second account', async () => {
    const emulator = await start()
    const { account } = connect(emulator)
    // The account is created, then the connection closes before the answer is sent.
    await injectFault(emulator, { api: 'account.createAccount', drop: 'after', times: 1 })

    const error = await failure(account.createAccount({ namespaceName: NS }, { retry: 3 }))

    expect(error).toBeInstanceOf(NetworkError)
    expect(await statusesOf(emulator, 'POST', `/account/${NS}/account`)).toEqual([0])
    // The one account exists on the server, unreachable: it holds no data.
    expect(await accountCount(emulator)).toBe(1)
  })
})

describe('fault lifetime and matching', () => {
  it('a durationMs fault expires on the emulator clock', async () => {
    let skew = 0
    const emulator = await start({ clock: { now: () => Date.now() + skew } })
    const { auth } = connect(emulator)
    const fault = await injectFault(emulator, {
      api: 'auth.getServiceVersion',
      status: 503,
      durationMs: 60_000,
    })
    expect(fault).toMatchObject({ remaining: null, expiresAt: fault.createdAt + 60_000 })

    // Active: every attempt fails, however many.
    await expect(auth.getServiceVersion()).rejects.toBeInstanceOf(ServiceUnavailableError)
    expect(await statusesOf(emulator, 'GET', '/auth/system/version')).toEqual([503, 503, 503])
    expect(await activeFaults(emulator)).toMatchObject([{ faultId: fault.faultId, hits: 3 }])

    skew = 60_001
    await expect(auth.getServiceVersion()).resolves.toMatchObject({ item: expect.any(String) })
    expect(await activeFaults(emulator)).toEqual([])
  })

  it('DELETE /faults/{faultId} lifts one fault; an unknown id is 404 emulator.fault.notFound', async () => {
    const emulator = await start()
    const { auth } = connect(emulator)
    const version = await injectFault(emulator, { api: 'auth.getServiceVersion', status: 503 })
    const other = await injectFault(emulator, { api: 'auth.login', status: 500 })
    await expect(auth.getServiceVersion({ retry: false })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    )

    const deleted = await admin(emulator, 'DELETE', `/faults/${version.faultId}`)
    expect(deleted.status).toBe(200)
    expect(deleted.json).toMatchObject({ item: { faultId: version.faultId, hits: 1 } })
    expect((await activeFaults(emulator)).map((f) => f.faultId)).toEqual([other.faultId])
    await expect(auth.getServiceVersion({ retry: false })).resolves.toMatchObject({
      item: expect.any(String),
    })

    const again = await admin(emulator, 'DELETE', `/faults/${version.faultId}`)
    expect(again.status).toBe(404)
    expect(parseErrorBody(again.text, again.status).details[0]?.code).toBe(
      'emulator.fault.notFound',
    )
  })

  it('DELETE /faults clears them all, and so does POST /reset', async () => {
    const emulator = await start()
    const { auth } = connect(emulator)
    await injectFault(emulator, { api: 'auth.getServiceVersion', status: 503 })
    await injectFault(emulator, { path: '/account/**', drop: true })

    const cleared = await admin(emulator, 'DELETE', '/faults')
    expect(cleared).toMatchObject({ status: 200, json: { cleared: 2 } })
    expect(await activeFaults(emulator)).toEqual([])
    await expect(auth.getServiceVersion({ retry: false })).resolves.toMatchObject({
      item: expect.any(String),
    })

    await injectFault(emulator, { api: 'auth.getServiceVersion', status: 503 })
    expect(await admin(emulator, 'POST', '/reset')).toMatchObject({ status: 200 })
    expect(await activeFaults(emulator)).toEqual([])
    // The reset also dropped the project token: the session logs in again by itself.
    await expect(auth.getServiceVersion({ retry: false })).resolves.toMatchObject({
      item: expect.any(String),
    })
  })

  it('a path glob with a method faults only the requests it names', async () => {
    const emulator = await start()
    const { account, auth } = connect(emulator)
    const { userId, password } = await signedPair(account)
    const accountPath = `/account/${NS}/account/${userId}`
    // `*` is one segment: this does not match `/account/default/account` (createAccount).
    const oneSegment = await injectFault(emulator, { path: '/account/*', status: 503 })
    const getOnly = await injectFault(emulator, {
      path: '/account/*/account/*',
      method: 'GET',
      status: 503,
    })

    await expect(
      account.getAccount({ namespaceName: NS, userId }, { retry: false }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError', code: FAULT_CODE })
    // Same path, other methods: untouched.
    await expect(
      account.authentication({ namespaceName: NS, userId, password }),
    ).resolves.toMatchObject({ item: { userId } })
    await expect(account.createAccount({ namespaceName: NS })).resolves.toBeDefined()

    // `**` is the rest of the path, however many segments.
    await injectFault(emulator, { path: '/auth/**', status: 502, times: 1 })
    await expect(auth.getServiceVersion({ retry: false })).rejects.toBeInstanceOf(BadGatewayError)

    const byId = new Map((await activeFaults(emulator)).map((f) => [f.faultId, f]))
    expect(byId.get(oneSegment.faultId)).toMatchObject({ hits: 0 })
    expect(byId.get(getOnly.faultId)).toMatchObject({ method: 'GET', hits: 1 })
    expect((await requestLog(emulator)).filter((r) => r.path === accountPath)).toMatchObject([
      { method: 'PUT', status: 200 },
      { method: 'GET', status: 503 },
      { method: 'PUT', status: 200 },
    ])
  })

  it('never faults the admin API, even under a catch-all fault', async () => {
    const emulator = await start()
    const { session } = connect(emulator)
    await injectFault(emulator, { path: '/**', status: 503 })

    // The project-token login itself is faulted: it retries, then fails typed.
    await expect(session.connect()).rejects.toBeInstanceOf(ServiceUnavailableError)
    expect(await statusesOf(emulator, 'POST', '/identifier/projectToken/login')).toEqual([
      503, 503, 503,
    ])
    expect(await activeFaults(emulator)).toMatchObject([{ path: '/**', hits: 3 }])
    expect((await admin(emulator, 'GET', '/state')).status).toBe(200)

    expect(await admin(emulator, 'DELETE', '/faults')).toMatchObject({ json: { cleared: 1 } })
    await expect(session.connect()).resolves.toBeUndefined()
  })
})

describe('fault API validation', () => {
  it.each([
    [{ api: 'auth.noSuchApi', status: 503 }, 'api'],
    [{ api: 'auth.login', status: 404 }, 'status'],
    [{ api: 'auth.login', status: 503, times: 0 }, 'times'],
    [{ api: 'auth.login', status: 503, durationMs: 0 }, 'durationMs'],
    [{ api: 'auth.login', delayMs: 120_001 }, 'delayMs'],
    [{ api: 'auth.login', status: 503, retryAfterSeconds: 3601 }, 'retryAfterSeconds'],
    [{ path: '/auth/login', method: 'HEAD', status: 503 }, 'method'],
  ])('refuses %j with a 400 naming %s', async (spec, field) => {
    const emulator = await start()
    const response = await admin(emulator, 'POST', '/faults', spec)
    expect(response.status, response.text).toBe(400)
    expect(parseErrorBody(response.text, 400).details[0]?.component).toBe(field)
    expect(await activeFaults(emulator)).toEqual([])
  })

  // Rules about several fields: any of them may be the one named.
  it.each([
    [{ api: 'auth.login', path: '/auth/login', status: 503 }, ['api', 'path']],
    [{ status: 503 }, ['api', 'path']],
    [{ api: 'auth.login' }, ['status', 'delayMs', 'drop']],
    [{ api: 'auth.login', status: 503, drop: true }, ['status', 'drop']],
  ])('refuses %j with a 400 naming one of %j', async (spec, fields) => {
    const emulator = await start()
    const response = await admin(emulator, 'POST', '/faults', spec)
    expect(response.status, response.text).toBe(400)
    expect(fields).toContain(parseErrorBody(response.text, 400).details[0]?.component)
    expect(await activeFaults(emulator)).toEqual([])
  })
})

describe('Profile login under faults (Ez layer)', () => {
  const profileFor = (emulator: RunningEmulator, options: Partial<ProfileOptions> = {}) => {
    const profile = new Profile({
      ...emulator.credentials.application,
      endpointTemplate: emulator.endpointTemplate,
      store: createMemoryStore(),
      environment: null,
      crossTab: false,
      ...options,
    })
    profiles.push(profile)
    return profile
  }

  it('a first run whose createAccount is dropped fails typed; the next login is a first run again', async () => {
    const emulator = await start()
    const profile = profileFor(emulator)
    await injectFault(emulator, { api: 'account.createAccount', drop: true, times: 1 })
    await injectFault(emulator, { api: 'auth.loginBySignature', status: 503, times: 1 })

    // createAccount is never retried (no idempotent create in GS2): the lost reply is an error.
    await expect(profile.login(new Gs2AccountAuthenticator())).rejects.toSatisfy(isGs2Error)
    expect(await statusesOf(emulator, 'POST', `/account/${NS}/account`)).toEqual([0])

    const session = await profile.login(new Gs2AccountAuthenticator())
    expect(session.state.status).toBe('active')
    expect(await statusesOf(emulator, 'POST', `/account/${NS}/account`)).toEqual([0, 200])
    expect(await statusesOf(emulator, 'POST', '/auth/login/signed')).toEqual([503, 200])
    // The dropped request never ran (drop before the API): one account.
    expect(await accountCount(emulator)).toBe(1)
  })

  it('a login that runs out of retries fails typed and keeps the device account', async () => {
    const emulator = await start()
    const profile = profileFor(emulator)
    const fault = await injectFault(emulator, { api: 'auth.loginBySignature', status: 503 })
    const authenticator = new Gs2AccountAuthenticator()

    await expect(profile.login(authenticator)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      status: 503,
      code: FAULT_CODE,
    })
    expect(await statusesOf(emulator, 'POST', '/auth/login/signed')).toEqual([503, 503, 503])

    await admin(emulator, 'DELETE', `/faults/${fault.faultId}`)
    const session = await profile.login(authenticator)
    expect(session.state.status).toBe('active')
    // The account created by the failed run is reused, not a second one.
    expect(await accountCount(emulator)).toBe(1)
  })
  it("takes the transport's retry policy from its options", async () => {
    const emulator = await start()
    const profile = profileFor(emulator, { retry: { maxAttempts: 5, ...FAST_RETRY } })
    await injectFault(emulator, { api: 'auth.loginBySignature', status: 503, times: 4 })

    const session = await profile.login(new Gs2AccountAuthenticator())

    expect(session.state.status).toBe('active')
    expect(await statusesOf(emulator, 'POST', '/auth/login/signed')).toEqual([
      503, 503, 503, 503, 200,
    ])
  })

  it('a re-authentication during an outage sends one request per attempt (no retry amplification)', async () => {
    const emulator = await start()
    const profile = profileFor(emulator, { retry: { maxAttempts: 3, ...FAST_RETRY } })
    const session = await profile.login(new Gs2AccountAuthenticator())
    await injectFault(emulator, { api: 'auth.loginBySignature', status: 503, times: 1 })

    // The session runs its own backoff around re-authentication: the transport must not add
    // its 3 attempts inside each of its attempts.
    await session.reauthenticate().catch(() => {})

    expect(await statusesOf(emulator, 'POST', '/auth/login/signed')).toEqual([200, 503])
  })
})
