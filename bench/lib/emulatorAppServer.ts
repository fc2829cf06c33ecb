import { createServer, type Server } from 'node:http'
import type { EmulatorApp } from '../../packages/emulator/src/server/createApp.ts'

/**
 * A createEmulator() app on node:http, for the floor child's setup calls (project token,
 * accounts, signed bodies): startEmulator would hide the context the floor must share, and its
 * adapter, @hono/node-server, does not resolve from bench/. Never timed, so a plain
 * IncomingMessage -> Request -> Response bridge is enough.
 */
export const createEmulatorAppServer = (app: EmulatorApp): Server =>
  createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      try {
        const headers = new Headers()
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
        }
        const method = req.method ?? 'GET'
        const response = await app.fetch(
          new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
            method,
            headers,
            ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
          }),
        )
        const body = Buffer.from(await response.arrayBuffer())
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(body)
      } catch (error) {
        console.error('[emulator app server]', error)
        res.writeHead(500).end()
      }
    })
  })
