// A scripted fetch for unit tests of core's own logic (headers, retries, timeouts, renewal).
// Integration tests use real servers instead.

export interface RecordedCall {
  readonly url: string
  readonly method: string
  readonly headers: Headers
  readonly body: string
  readonly signal: AbortSignal
  /** Date.now() when the request arrived (fake time under vi.useFakeTimers). */
  readonly at: number
}

export type Route = (call: RecordedCall) => Response | Promise<Response>

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

export const gs2ErrorBody = (component: string, code: string, message = 'failed') => ({
  message: JSON.stringify([{ component, message, code }]),
})

export const loginResponse = (token = 'project-token-1', expiresIn = 3600, ownerId = 'owner-1') =>
  json(200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn, owner_id: ownerId })

/**
 * Answers project-token logins with `login` (numbered tokens by default) and everything else with
 * `route`. `calls` keeps every request in order.
 */
export const fakeGs2Fetch = (route: Route, login?: Route) => {
  const calls: RecordedCall[] = []
  let logins = 0
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const call: RecordedCall = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: await request.text(),
      signal: request.signal,
      at: Date.now(),
    }
    calls.push(call)
    if (call.url.endsWith('/projectToken/login')) {
      logins += 1
      return login ? login(call) : loginResponse(`project-token-${logins}`)
    }
    return route(call)
  }) as typeof globalThis.fetch
  return {
    fetch,
    calls,
    get logins() {
      return logins
    },
    apiCalls: () => calls.filter((c) => !c.url.endsWith('/projectToken/login')),
  }
}

/** A fetch that never answers but honours its signal, as a hung connection would. */
export const hangingResponse = (call: RecordedCall) =>
  new Promise<Response>((_, reject) => {
    call.signal.addEventListener('abort', () => reject(call.signal.reason), { once: true })
  })
