import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import {
  type ChromiumSession,
  launchChromium,
  type PageServer,
  startPageServer,
} from '@gs2ez/test-utils'
import { afterEach, expect, test } from 'vitest'

let browser: ChromiumSession | undefined
let pages: PageServer | undefined
let emulator: RunningEmulator | undefined
afterEach(async () => {
  await browser?.close()
  await pages?.close()
  await emulator?.close()
})

test('the REST clients log in from real Chromium, cross-origin, and read the server clock', async () => {
  const skewMs = 90_000
  emulator = await startEmulator({ clock: { now: () => Date.now() + skewMs } })
  pages = await startPageServer({
    scripts: {
      '/app.js': fileURLToPath(new URL('./fixtures/clientsPage.ts', import.meta.url)),
    },
    define: {
      __EMULATOR__: JSON.stringify({
        endpointTemplate: emulator.endpointTemplate,
        clientId: emulator.credentials.application.clientId,
        clientSecret: emulator.credentials.application.clientSecret,
      }),
    },
  })
  browser = await launchChromium()
  const page = await browser.context.newPage()
  await page.goto(pages.url)
  await page.waitForSelector('body[data-result]', { state: 'attached' })
  const result = JSON.parse((await page.getAttribute('body', 'data-result')) ?? '{}')

  expect(result.failed).toBeUndefined()
  expect(result.tokenUserId).toBe(result.userId)
  expect(result.ownerId).toBe(emulator.ownerId)
  expect(result.wrong).toMatchObject({
    name: 'UnauthorizedError',
    status: 401,
    code: 'account.password.invalid',
  })
  // Date is exposed by the emulator's CORS headers, so the browser can estimate the skew.
  expect(result.clockSamples).toBeGreaterThanOrEqual(4)
  expect(Math.abs(result.clockOffsetMs - skewMs)).toBeLessThanOrEqual(1000)
}, 60_000)
