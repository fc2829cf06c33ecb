import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { chromiumArgs, chromiumPath, type PageServer, startPageServer } from '@gs2ez/test-utils'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import type { EzPageState } from './browser/loginPage.ts'

// Playwright launches Chromium with --disable-back-forward-cache, so launchChromium() cannot
// show the bfcache; this file launches it the same way minus that flag.

let context: BrowserContext | undefined
let userDataDir: string | undefined
let server: PageServer | undefined
let emulator: RunningEmulator | undefined
afterEach(async () => {
  await context?.close()
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true })
  await server?.close()
  await emulator?.close()
  context = userDataDir = server = emulator = undefined
})

declare global {
  interface Window {
    __marker?: number
    __persisted?: boolean
  }
}

test('a logged-in page stays in the bfcache even when another tab upgrades the database meanwhile', async () => {
  emulator = await startEmulator({ port: 0 })
  server = await startPageServer({
    scripts: { '/app.js': fileURLToPath(new URL('./browser/loginPage.ts', import.meta.url)) },
  })
  userDataDir = await mkdtemp(join(tmpdir(), 'gs2ez-bfcache-'))
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumArgs],
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  })
  const { clientId, clientSecret } = emulator.credentials.application
  const query = new URLSearchParams({
    endpointTemplate: emulator.endpointTemplate,
    clientId,
    clientSecret,
  })
  const page = await context.newPage()
  await page.goto(`${server.url}/?${query}`)
  await page.waitForFunction(() => window.__ez?.status === 'ready')
  const before = (await page.evaluate(() => window.__ez)) as EzPageState
  await page.evaluate(() => {
    window.__marker = 42
    window.addEventListener('pageshow', (event) => {
      window.__persisted = event.persisted
    })
  })
  await page.goto('data:text/html,<p>elsewhere</p>')

  // Another tab of the origin bumps the schema (a newer SDK, another store name). A connection
  // kept open by the hidden page would make Chromium evict it from the bfcache.
  const other = await context.newPage()
  await other.goto(`${server.url}/?no-login=1`)
  const upgrade = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const probe = indexedDB.open('gs2ez')
        probe.onsuccess = () => {
          const version = probe.result.version
          probe.result.close()
          const request = indexedDB.open('gs2ez', version + 1)
          request.onupgradeneeded = () => request.result.createObjectStore(`extra-${version}`)
          request.onsuccess = () => {
            request.result.close()
            resolve('upgraded')
          }
          request.onblocked = () => resolve('blocked')
          request.onerror = () => resolve(`error: ${request.error}`)
        }
      }),
  )
  expect(upgrade).toBe('upgraded')

  await page.goBack({ waitUntil: 'commit' })
  await page.waitForFunction(() => window.__ez?.status === 'ready')
  const restored = await page.evaluate(() => ({
    marker: window.__marker,
    persisted: window.__persisted,
    navigation: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).type,
  }))
  expect(restored).toEqual({ marker: 42, persisted: true, navigation: 'navigate' })
  // The store reopens lazily after the restore and still serves the session.
  const token = await page.evaluate(() => window.__ezAccessToken())
  expect(token.token).toBe(before.token)
}, 60_000)
