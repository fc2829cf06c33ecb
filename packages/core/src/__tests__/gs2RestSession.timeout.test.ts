import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ProjectTokenGs2Credential } from '../credentials.ts'
import { Gs2RestSession, type Gs2RestSessionOptions } from '../gs2RestSession.ts'
import { fakeGs2Fetch, hangingResponse, json, type Route } from './helpers/fakeGs2Fetch.ts'

const Result = z.object({ ok: z.boolean() })

const setup = (route: Route, options: Partial<Gs2RestSessionOptions> = {}) => {
  const fake = fakeGs2Fetch(route)
  const session = new Gs2RestSession({
    credential: new ProjectTokenGs2Credential('client', 'pt'),
    endpointTemplate: 'http://gs2.test/{service}',
    fetch: fake.fetch,
    random: () => 0,
    retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 100 },
    ...options,
  })
  return { fake, session }
}

const get = (session: Gs2RestSession, extra: Record<string, unknown> = {}) =>
  session.request({
    service: 'auth',
    method: 'GET',
    path: '/system/version',
    schema: Result,
    ...extra,
  })

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('timeouts', () => {
  it('times out each attempt after 10 s by default, retries, then fails with TimeoutError', async () => {
    const { fake, session } = setup(hangingResponse)
    const result = get(session).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(9_999)
    expect(fake.apiCalls()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    // second attempt after a 50 ms backoff
    await vi.advanceTimersByTimeAsync(50)
    expect(fake.apiCalls()).toHaveLength(2)
    expect(fake.apiCalls()[0]?.signal.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await result).toMatchObject({
      name: 'TimeoutError',
      code: 'gs2ez.timeout',
      timeoutMs: 10_000,
      retryable: true,
    })
  })

  it('takes the per-call timeout over the session one', async () => {
    const { session } = setup(hangingResponse, { timeoutMs: 5_000 })
    const result = get(session, { timeoutMs: 200, retry: false }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(200)
    expect(await result).toMatchObject({ name: 'TimeoutError', timeoutMs: 200 })
  })

  it('times out even when fetch ignores its signal', async () => {
    const { session } = setup(() => new Promise<Response>(() => {}))
    const result = get(session, { timeoutMs: 300, retry: false }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(300)
    expect(await result).toMatchObject({ name: 'TimeoutError' })
  })

  it('times out a response whose body stalls after the headers', async () => {
    const stalled = () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{')) }), {
        status: 200,
      })
    const { fake, session } = setup(stalled)
    const result = get(session, { timeoutMs: 300 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(300 + 50 + 300)
    expect(await result).toMatchObject({ name: 'TimeoutError', timeoutMs: 300 })
    expect(fake.apiCalls()).toHaveLength(2)
  })

  it('clears the attempt timer once the response arrives', async () => {
    const { session } = setup(() => json(200, { ok: true }))
    await expect(get(session)).resolves.toEqual({ ok: true })
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('abort', () => {
  it('fails with AbortError carrying the reason, and does not retry', async () => {
    const { fake, session } = setup(hangingResponse)
    const controller = new AbortController()
    const result = get(session, { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(100)
    controller.abort(new Error('navigated away'))
    const error = await result
    expect(error).toMatchObject({ name: 'AbortError', code: 'gs2ez.aborted', retryable: false })
    expect((error as Error).cause).toMatchObject({ message: 'navigated away' })
    expect(fake.apiCalls()).toHaveLength(1)
    expect(fake.apiCalls()[0]?.signal.aborted).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('does not send at all when the signal is already aborted', async () => {
    const { fake, session } = setup(() => json(200, { ok: true }))
    const error = await get(session, { signal: AbortSignal.abort('early') }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ name: 'AbortError', cause: 'early' })
    expect(fake.apiCalls()).toHaveLength(0)
  })

  it('close() aborts in-flight calls with SessionClosedError', async () => {
    const { session } = setup(hangingResponse)
    const result = get(session).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10)
    session.close()
    expect(await result).toMatchObject({ name: 'SessionClosedError' })
    expect(vi.getTimerCount()).toBe(0)
  })
})
