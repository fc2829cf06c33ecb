import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build } from 'esbuild'

export interface PageServerOptions {
  /** Modules to bundle for the browser, by the path they are served under (e.g. `/app.js`). */
  readonly scripts: Readonly<Record<string, string>>
  /** The page served at `/`; defaults to one that loads every script as a module. */
  readonly html?: string
  /** Values replaced at bundle time, as esbuild `define`. */
  readonly define?: Readonly<Record<string, string>>
}

export interface PageServer {
  readonly url: string
  /** Every request the server answered, in order (path only). */
  readonly requests: readonly string[]
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Serves a page and browser bundles of workspace modules on 127.0.0.1 with an ephemeral port.
 * Workspace packages resolve to their sources through the `@gs2ez/source` condition, the same
 * way tests and type checks see them.
 */
export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const bundles = new Map<string, string>()
  for (const [path, entry] of Object.entries(options.scripts)) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@gs2ez/source'],
      write: false,
      sourcemap: 'inline',
      ...(options.define ? { define: { ...options.define } } : {}),
    })
    const [file] = result.outputFiles
    if (!file) throw new Error(`esbuild produced no output for ${entry}`)
    bundles.set(path, file.text)
  }
  const html =
    options.html ??
    `<!doctype html><meta charset="utf-8"><title>gs2ez test page</title>${Object.keys(
      options.scripts,
    )
      .map((path) => `<script type="module" src="${path}"></script>`)
      .join('')}`

  const requests: string[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    requests.push(path)
    const bundle = bundles.get(path)
    if (bundle !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle)
    } else if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close((error) => (error ? reject(error) : resolve()))
    })
  return { url: `http://127.0.0.1:${port}`, requests, close, [Symbol.asyncDispose]: close }
}
