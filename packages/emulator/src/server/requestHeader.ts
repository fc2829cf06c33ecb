import type { IncomingHttpHeaders, ServerResponse } from 'node:http'

const NODE_HEADERS = Symbol('gs2ez.nodeHeaders')

type WithNodeHeaders = Request & { [NODE_HEADERS]?: IncomingHttpHeaders }

/**
 * Lets request-header reads use node's own header object. The node adapter builds a WHATWG
 * `Headers` (every raw header validated and appended) the first time `request.headers` is
 * touched, which was one of the largest per-request costs; node has already parsed them.
 */
export const bindNodeHeaders = (request: Request, headers: IncomingHttpHeaders): void => {
  ;(request as WithNodeHeaders)[NODE_HEADERS] = headers
}

/** A request header, from node's parsed headers when served over HTTP, else from the Request. */
export const requestHeader = (request: Request, name: string): string | undefined => {
  const node = (request as WithNodeHeaders)[NODE_HEADERS]
  if (node === undefined) return request.headers.get(name) ?? undefined
  const value = node[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** The slice of @hono/node-server's bindings (`c.env`) the emulator uses; absent in-process. */
export interface NodeBindings {
  readonly incoming: { readonly headers: IncomingHttpHeaders }
  readonly outgoing: Pick<ServerResponse, 'setHeader' | 'destroy'>
}
