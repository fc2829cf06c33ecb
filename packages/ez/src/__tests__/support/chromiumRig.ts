import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import {
  type ChromiumSession,
  emulatorAdmin,
  type LoggedRequest,
  launchChromium,
  type PageServer,
  startPageServer,
} from '@gs2ez/test-utils'
import type { Page } from 'playwright-core'
import type { EzPageState } from '../browser/loginPage.ts'

export type { LoggedRequest } from '@gs2ez/test-utils'

// Real Chromium, real IndexedDB and BroadcastChannel, the real emulator over HTTP, and the
// loginPage fixture that logs in with the public API: shared by ez's Chromium suites.

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
  const admin = emulatorAdmin(emulator)
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
    emulatorRequests: () => admin.requests(),
    admin: (method, path, body) => admin.json(method, path, body),
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
