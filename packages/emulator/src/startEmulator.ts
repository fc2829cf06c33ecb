import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import type { Gs2Region } from './config/emulatorConfig.ts'
import type { EmulatorOptions } from './createEmulator.ts'
import { createEmulator } from './createEmulator.ts'
import type { NodeBindings } from './server/requestHeader.ts'

export interface StartEmulatorOptions extends EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number | undefined
  /** Default 127.0.0.1. On 0.0.0.0 the LAN reaches the GS2 API; the admin API needs the token. */
  host?: string | undefined
}

export interface EmulatorCredentials {
  readonly application: { readonly clientId: string; readonly clientSecret: string }
  readonly trusted: { readonly clientId: string; readonly clientSecret: string }
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  /** `${url}/{service}`: paste into the SDK's endpointTemplate. */
  readonly endpointTemplate: string
  readonly dashboardUrl: string
  readonly region: Gs2Region
  readonly ownerId: string
  readonly credentials: EmulatorCredentials
  /** Send as `x-gs2ez-admin-token` on every `/__emulator/...` call (the banner prints it). */
  readonly adminToken: string
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host)

export const startEmulator = async (
  options: StartEmulatorOptions = {},
): Promise<RunningEmulator> => {
  const emulator = createEmulator(options)
  const host = options.host ?? '127.0.0.1'
  const server = createAdaptorServer({
    fetch: (request, env) => emulator.handle(request, env as NodeBindings),
  })
  // Keep-alive sockets would hold close() open; they are closed on close().
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    emulator.close()
    throw error
  }
  const { port } = server.address() as AddressInfo
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  const url = `http://${urlHost(displayHost)}:${port}`
  const { config } = emulator
  const first = (kind: 'application' | 'trusted') => {
    const c = config.credentials.find((x) => x.kind === kind)!
    return { clientId: c.clientId, clientSecret: c.clientSecret }
  }
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const s = server as import('node:http').Server
      s.close(() => resolve())
      s.closeAllConnections?.()
    }).finally(() => emulator.close())
    return closing
  }
  return {
    url,
    endpointTemplate: `${url}/{service}`,
    dashboardUrl: `${url}/__emulator/ui`,
    region: config.region,
    ownerId: config.ownerId,
    credentials: { application: first('application'), trusted: first('trusted') },
    adminToken: emulator.adminToken,
    close,
    [Symbol.asyncDispose]: close,
  }
}
