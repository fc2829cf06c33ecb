import { gzipSync } from 'node:zlib'
import { expect } from 'vitest'
import type { RunningEmulator, StartEmulatorOptions } from '../../startEmulator.ts'
import { startEmulator } from '../../startEmulator.ts'

export interface ManualClock {
  now(): number
  set(ms: number): void
  advance(ms: number): void
}

export const manualClock = (start = Date.UTC(2026, 10, 21, 12, 0, 0)): ManualClock => {
  let t = start
  return {
    now: () => t,
    set: (ms) => {
      t = ms
    },
    advance: (ms) => {
      t += ms
    },
  }
}

export interface CallInit {
  body?: unknown
  /** Send `body` as is (a string), not JSON-encoded. */
  raw?: boolean
  gzip?: boolean
  headers?: Record<string, string>
  projectToken?: string | null
  accessToken?: string
  timeOffsetToken?: string
  duplicationAvoider?: string
  /** Sent as x-gs2ez-admin-token (the admin API refuses calls without it). */
  adminToken?: string
}

export interface Reply<T = Record<string, unknown>> {
  status: number
  headers: Headers
  json: T
}

export interface Harness {
  emulator: RunningEmulator
  appToken: string
  serverToken: string
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    init?: CallInit & { as?: 'app' | 'server' },
  ): Promise<Reply<T>>
  projectLogin(clientId: string, clientSecret: string): Promise<Reply>
  createAccount(namespaceName?: string): Promise<{ userId: string; password: string }>
  authenticate(
    userId: string,
    password: string,
    init?: CallInit,
  ): Promise<Reply<{ body: string; signature: string }>>
  signIn(
    namespaceName?: string,
  ): Promise<{ userId: string; password: string; token: string; expire: number }>
  /** An admin API call (`/__emulator` + path) with this run's admin token. */
  admin<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Reply<T>>
  close(): Promise<void>
}

/** The GS2 error body: `{message: "<JSON of [{component, message, code}]>"}`. */
export const gs2Error = (json: unknown): { component: string; message: string; code: string } => {
  expect(json).toMatchObject({ message: expect.any(String) })
  const details = JSON.parse((json as { message: string }).message) as unknown
  expect(Array.isArray(details)).toBe(true)
  const first = (details as { component: string; message: string; code: string }[])[0]
  expect(first).toMatchObject({
    component: expect.any(String),
    message: expect.any(String),
    code: expect.any(String),
  })
  return first!
}

export const expectGs2Error = (
  reply: Reply<unknown>,
  status: number,
  expected: { component?: string; code?: string },
) => {
  expect(reply.status, JSON.stringify(reply.json)).toBe(status)
  const detail = gs2Error(reply.json)
  if (expected.component !== undefined) expect(detail.component).toBe(expected.component)
  if (expected.code !== undefined) expect(detail.code).toBe(expected.code)
  return detail
}

export const rawCall = async <T>(
  url: string,
  method: string,
  init: CallInit = {},
): Promise<Reply<T>> => {
  const headers: Record<string, string> = { ...init.headers }
  let body: BodyInit | undefined
  if (init.body !== undefined) {
    const text = init.raw ? String(init.body) : JSON.stringify(init.body)
    headers['content-type'] ??= 'application/json'
    if (init.gzip) {
      headers['content-encoding'] = 'gzip'
      body = gzipSync(text)
    } else {
      body = text
    }
  }
  if (init.projectToken) headers.authorization = `Bearer ${init.projectToken}`
  if (init.accessToken) headers['x-gs2-access-token'] = init.accessToken
  if (init.timeOffsetToken) headers['x-gs2-time-offset-token'] = init.timeOffsetToken
  if (init.duplicationAvoider) headers['x-gs2-duplication-avoider'] = init.duplicationAvoider
  if (init.adminToken) headers['x-gs2ez-admin-token'] = init.adminToken
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await res.text()
  let json: unknown = null
  try {
    json = text === '' ? null : JSON.parse(text)
  } catch {
    json = text
  }
  return { status: res.status, headers: res.headers, json: json as T }
}

export const startHarness = async (options: StartEmulatorOptions = {}): Promise<Harness> => {
  const emulator = await startEmulator({ port: 0, ...options })
  const projectLogin = (clientId: string, clientSecret: string) =>
    rawCall<Record<string, unknown>>(`${emulator.url}/identifier/projectToken/login`, 'POST', {
      body: { client_id: clientId, client_secret: clientSecret },
    })
  const login = async (c: { clientId: string; clientSecret: string }) => {
    const r = await projectLogin(c.clientId, c.clientSecret)
    expect(r.status).toBe(200)
    return r.json.access_token as string
  }
  const appToken = await login(emulator.credentials.application)
  const serverToken = await login(emulator.credentials.trusted)
  const call: Harness['call'] = (method, path, init = {}) =>
    rawCall(`${emulator.url}${path}`, method, {
      ...init,
      projectToken:
        init.projectToken === null
          ? null
          : (init.projectToken ?? (init.as === 'server' ? serverToken : appToken)),
    })
  const createAccount = async (namespaceName = 'default') => {
    const r = await call<{ item: { userId: string; password: string } }>(
      'POST',
      `/account/${namespaceName}/account`,
      {
        body: { contextStack: null },
      },
    )
    expect(r.status, JSON.stringify(r.json)).toBe(200)
    return { userId: r.json.item.userId, password: r.json.item.password }
  }
  const authenticate = (userId: string, password: string, init: CallInit = {}) =>
    call<{ body: string; signature: string }>('PUT', `/account/default/account/${userId}`, {
      ...init,
      body: {
        contextStack: null,
        keyId: 'grn:gs2:{region}:{ownerId}:key:default:key:default',
        password,
      },
    })
  const signIn = async (namespaceName = 'default') => {
    const account = await createAccount(namespaceName)
    const auth = await call<{ body: string; signature: string }>(
      'PUT',
      `/account/${namespaceName}/account/${account.userId}`,
      {
        body: { password: account.password },
      },
    )
    expect(auth.status).toBe(200)
    const r = await call<{ token: string; expire: number }>('POST', '/auth/login/signed', {
      body: { keyId: null, body: auth.json.body, signature: auth.json.signature },
    })
    expect(r.status, JSON.stringify(r.json)).toBe(200)
    return { ...account, token: r.json.token, expire: r.json.expire }
  }
  return {
    emulator,
    appToken,
    serverToken,
    call,
    projectLogin,
    createAccount,
    authenticate,
    signIn,
    admin: (method, path, body) =>
      rawCall(`${emulator.url}/__emulator${path}`, method, {
        adminToken: emulator.adminToken,
        // POST/PUT/PATCH must say JSON even without a body (what a cross-site form cannot).
        ...(body === undefined
          ? method === 'GET' || method === 'DELETE'
            ? {}
            : { headers: { 'content-type': 'application/json' } }
          : { body }),
      }),
    close: () => emulator.close(),
  }
}
