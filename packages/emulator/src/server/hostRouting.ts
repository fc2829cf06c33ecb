import { requestHeader } from './requestHeader.ts'

export const GS2_HOST = /^([a-z0-9-]{1,64})\.([a-z0-9-]{1,64})\.gen2\.gs2io\.com\.?(?::\d{1,5})?$/i

/**
 * Node clients that keep GS2's real URL (`https://auth.ap-northeast-1.gen2.gs2io.com/...`,
 * pointed here by a proxy or /etc/hosts) arrive with `Host: {service}.{region}.gen2.gs2io.com`.
 * They are served as if they had used the path prefix: `/{service}/...`.
 */
export const routeByHost = (request: Request): Request => {
  const host = requestHeader(request, 'host')
  if (host === undefined) return request
  const match = GS2_HOST.exec(host)
  if (!match?.[1]) return request
  const url = new URL(request.url)
  url.pathname = `/${match[1].toLowerCase()}${url.pathname}`
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
  }
  if (request.body !== null) {
    init.body = request.body
    init.duplex = 'half'
  }
  return new Request(url, init)
}
