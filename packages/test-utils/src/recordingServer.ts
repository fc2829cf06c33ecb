import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

/**
 * A real HTTP server on 127.0.0.1:0 that answers the project-token login and then `reply` for
 * every other request, recording what arrived. It lets client tests check wire bodies and
 * prove that invalid input never reaches the network.
 */
export const startRecordingServer = async (
  reply: (request: ReceivedRequest) => { status?: number; body: unknown },
) => {
  const received: ReceivedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: text === '' ? undefined : JSON.parse(text),
      }
      received.push(request)
      const answer = request.url.endsWith('/projectToken/login')
        ? {
            status: 200,
            body: { access_token: 'pt', token_type: 'Bearer', expires_in: 3600, owner_id: 'o' },
          }
        : reply(request)
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpointTemplate: `http://127.0.0.1:${port}/{service}`,
    received,
    apiRequests: () => received.filter((r) => !r.url.endsWith('/projectToken/login')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
