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

test('the takeover calls work from real Chromium, cross-origin, access token header included', async () => {
  emulator = await startEmulator()
  pages = await startPageServer({
    scripts: {
      '/app.js': fileURLToPath(new URL('./fixtures/takeOverPage.ts', import.meta.url)),
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
  expect(result.listed).toEqual([result.userIdentifier])
  expect(result.wrong).toMatchObject({
    name: 'UnauthorizedError',
    status: 401,
    code: 'account.password.invalid',
  })
  expect(result.recoveredUserId).toBe(result.userId)
  expect(result.gone).toMatchObject({
    name: 'NotFoundError',
    status: 404,
    code: 'account.takeOver.notFound',
  })
}, 60_000)
