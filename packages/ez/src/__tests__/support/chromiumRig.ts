import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import {
  type ChromiumSession,
  launchChromium,
  type PageServer,
  startPageServer,
} from '@gs2ez/test-utils'
import type { Page } from 'playwright-core'
import type { EzPageState } from '../browser/loginPage.ts'

// Real Chromium, real IndexedDB and BroadcastChannel, the real emulator over HTTP, and the
// loginPage fixture that logs in with the public API: shared by ez's Chromium suites.

export interface LoggedRequest {
  method: string
  path: string
  status: number
}

export interface ChromiumRig {
  readonly emulator: RunningEmulator
  readonly server: PageServer
  readonly browser: ChromiumSession
  /** The fixture's URL with the emulator's credentials and `extra` query options. */
  pageUrl(extra?: Record<string, string>): string
  /** Requests the emulator served, oldest first, from its own log. */
  emulatorRequests(): Promise<LoggedRequest[]>
  /** A JSON admin request to the emulator (`/__emulator${path}`). */
  admin(method: string, path: string, body?: unknown): Promise<unknown>
  close(): Promise<void>
}

export async function startChromiumRig(tokenTtlSeconds = 3600): Promise<ChromiumRig> {
  const emulator = await startEmulator({ port: 0, tokenTtlSeconds })
  const server = await startPageServer({
    scripts: { '/app.js': fileURLToPath(new URL('../browser/loginPage.ts', import.meta.url)) },
  })
  const browser = await launchChromium()
  const adminHeaders = (): Record<string, string> => {
    const token = (emulator as { adminToken?: string }).adminToken
    return {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { 'x-gs2ez-admin-token': token }),
    }
  }
  return {
    emulator,
    server,
    browser,
    pageUrl(extra = {}) {
      const { clientId, clientSecret } = emulator.credentials.application
      const query = new URLSearchParams({
        endpointTemplate: emulator.endpointTemplate,
        clientId,
        clientSecret,
        ...extra,
      })
      return `${server.url}/?${query}`
    },
    async emulatorRequests() {
      const response = await fetch(`${emulator.url}/__emulator/requests`, {
        headers: adminHeaders(),
      })
      const { items } = (await response.json()) as { items: LoggedRequest[] }
      return items.filter((entry) => !entry.path.startsWith('/__emulator'))
    },
    async admin(method, path, body) {
      const response = await fetch(`${emulator.url}/__emulator${path}`, {
        method,
        headers: adminHeaders(),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status}`)
      return response.json()
    },
    async close() {
      await browser.close()
      await server.close()
      await emulator.close()
    },
  }
}

export const pageState = (page: Page) => page.evaluate(() => window.__ez) as Promise<EzPageState>

export async function waitReady(page: Page): Promise<EzPageState> {
  await page.waitForFunction(
    () => window.__ez?.status !== undefined && window.__ez.status !== 'loading',
  )
  const state = await pageState(page)
  if (state.status !== 'ready') throw new Error(`page failed: ${state.error}`)
  return state
}
