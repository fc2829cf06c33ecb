import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { type ChromiumSession, launchChromium } from '../chromium.ts'
import { type PageServer, startPageServer } from '../pageServer.ts'

let browser: ChromiumSession | undefined
let server: PageServer | undefined
afterEach(async () => {
  await browser?.close()
  await server?.close()
})

test('real Chromium keeps IndexedDB across a reload and shares it with a second tab', async () => {
  server = await startPageServer({
    scripts: { '/page.js': fileURLToPath(new URL('./fixtures/idbPage.ts', import.meta.url)) },
  })
  browser = await launchChromium()
  const page = await browser.context.newPage()
  await page.goto(server.url)
  await page.waitForSelector('body[data-loads="1"]', { state: 'attached' })
  await page.reload()
  await page.waitForSelector('body[data-loads="2"]', { state: 'attached' })
  const second = await browser.context.newPage()
  await second.goto(server.url)
  await second.waitForSelector('body[data-loads="3"]', { state: 'attached' })
  expect(server.requests.filter((path) => path === '/page.js')).toHaveLength(3)
}, 60_000)
