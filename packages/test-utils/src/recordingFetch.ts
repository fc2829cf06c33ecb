/**
 * Wraps a real fetch (the global one by default) and records `METHOD /path` of every request,
 * and how many are in flight: what a test asserts about the traffic an SDK sent.
 */
export const recordingFetch = (base: typeof fetch = (input, init) => fetch(input, init)) => {
  const recorder = {
    requests: [] as string[],
    inFlight: 0,
    maxInFlight: 0,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
      recorder.requests.push(`${method} ${new URL(url).pathname}`)
      recorder.inFlight += 1
      recorder.maxInFlight = Math.max(recorder.maxInFlight, recorder.inFlight)
      return base(input, init).finally(() => {
        recorder.inFlight -= 1
      })
    }) as typeof fetch,
  }
  return recorder
}
