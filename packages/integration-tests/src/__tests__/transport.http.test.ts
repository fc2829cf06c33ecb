import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import { Gs2RestSession, ProjectTokenGs2Credential } from '@gs2ez/core'
import { afterEach, describe, expect, it } from 'vitest'

// Failure modes the emulator does not produce on purpose (hangs, 503 + Retry-After, refused
// connections), driven against a real node:http server on 127.0.0.1:0.

const servers: Server[] = []
const sessions: Gs2RestSession[] = []

afterEach(async () => {
  for (const session of sessions.splice(0)) session.close()
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    ),
  )
})

type Handler = Parameters<typeof createServer>[1]

const serve = async (handler: Handler) => {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/{service}`
}

const clientFor = (endpointTemplate: string, timeoutMs = 10_000) => {
  const session = new Gs2RestSession({
    credential: new ProjectTokenGs2Credential('client', 'project-token'),
    endpointTemplate,
    timeoutMs,
    retry: { baseDelayMs: 10, maxDelayMs: 20 },
  })
  sessions.push(session)
  return new Gs2AuthRestClient(session)
}

describe('transport over real HTTP', () => {
  it('retries a 503 after its Retry-After and then succeeds', async () => {
    const seen: number[] = []
    const template = await serve((_req, res) => {
      seen.push(Date.now())
      if (seen.length === 1) {
        res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            message: JSON.stringify([{ component: 'x', message: 'busy', code: 'x.busy' }]),
          }),
        )
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ item: 'v1' }))
    })
    await expect(clientFor(template).getServiceVersion()).resolves.toEqual({ item: 'v1' })
    expect(seen).toHaveLength(2)
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(950)
  })

  it('times out a server that never answers', async () => {
    let requests = 0
    const template = await serve(() => {
      requests += 1
    })
    const error = await clientFor(template, 150)
      .getServiceVersion({ retry: false })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 150, retryable: true })
    // Never retried. On a busy machine the 150 ms can run out before the server has even read
    // the request, so it may have seen none (a stress run did): at most one, never two.
    expect(requests).toBeLessThanOrEqual(1)
  })

  it('reports a refused connection as NetworkError after retrying', async () => {
    const template = await serve((_req, res) => res.end())
    const server = servers.pop()!
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const error = await clientFor(template)
      .getServiceVersion()
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'NetworkError', retryable: true, status: undefined })
  })

  it('fails with Gs2SchemaError when a 200 body is not the model', async () => {
    const template = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ item: 42 }))
    })
    await expect(clientFor(template).getServiceVersion()).rejects.toMatchObject({
      name: 'Gs2SchemaError',
      status: 200,
    })
  })

  it('aborts an in-flight call when the caller aborts', async () => {
    const controller = new AbortController()
    // The server never answers; the caller gives up once the request has arrived.
    const template = await serve(() => controller.abort('cancelled'))
    const pending = clientFor(template)
      .getServiceVersion({ signal: controller.signal })
      .catch((e: unknown) => e)
    expect(await pending).toMatchObject({ name: 'AbortError', cause: 'cancelled' })
  })
})
