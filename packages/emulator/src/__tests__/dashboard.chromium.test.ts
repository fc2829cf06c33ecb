import { type ChromiumSession, launchChromium } from '@gs2ez/test-utils'
import { afterEach, expect, test } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { startHarness } from './helpers/emulatorHarness.ts'

let browser: ChromiumSession | undefined
let h: Harness | undefined
afterEach(async () => {
  await browser?.close()
  await h?.close()
})

test('the dashboard lists live tokens, refreshes by itself, and revokes and deletes', async () => {
  h = await startHarness()
  const player = await h.signIn()
  browser = await launchChromium()
  const page = await browser.context.newPage()
  await page.goto(h.emulator.dashboardUrl)

  const tokens = await h.admin<{ items: { tokenId: string }[] }>(
    'GET',
    `/tokens?userId=${player.userId}`,
  )
  const first = tokens.json.items[0]!.tokenId
  await page.waitForSelector(`tr[data-token-id="${first}"][data-user-id="${player.userId}"]`)
  await page.waitForSelector(`#accounts tr[data-user-id="${player.userId}"]`)

  // Issued after the page loaded: it must show up without a reload.
  const late = await h.admin<{ tokenId: string; token: string }>('POST', '/tokens', {
    userId: 'late-user',
    timeOffset: 3600,
  })
  const lateRow = page.locator(`tr[data-token-id="${late.json.tokenId}"]`)
  await lateRow.waitFor()
  expect(await lateRow.textContent()).toContain('3600')

  await page.click(`[data-testid="revoke-${first}"]`)
  await page.waitForSelector(`tr[data-token-id="${first}"]`, { state: 'detached' })
  expect((await h.call('GET', '/auth/system/version', { accessToken: player.token })).status).toBe(
    401,
  )

  await page.click(`[data-testid="delete-${late.json.tokenId}"]`)
  await lateRow.waitFor({ state: 'detached' })
  expect(
    (await h.call('GET', '/auth/system/version', { accessToken: late.json.token })).status,
  ).toBe(401)

  await page.click(`[data-testid="delete-account-${player.userId}"]`)
  await page.waitForSelector(`#accounts tr[data-user-id="${player.userId}"]`, { state: 'detached' })
  expect((await h.call('GET', `/account/default/account/${player.userId}`)).status).toBe(404)
  expect(await page.textContent('[data-testid="token-count"]')).toBe('0')

  // Faults: injected from the form, seen by the API, lifted with a click.
  await page.selectOption('[data-testid="fault-api"]', 'auth.getServiceVersion')
  await page.selectOption('[data-testid="fault-effect"]', '503')
  await page.fill('[data-testid="fault-times"]', '')
  await page.click('[data-testid="fault-add"]')
  const faultRow = page.locator('tr[data-fault-id]')
  await faultRow.waitFor()
  expect(await faultRow.textContent()).toContain('auth.getServiceVersion')
  expect((await h.call('GET', '/auth/system/version')).status).toBe(503)
  const faultId = await faultRow.getAttribute('data-fault-id')
  await page.click(`[data-testid="lift-${faultId}"]`)
  await faultRow.waitFor({ state: 'detached' })
  expect((await h.call('GET', '/auth/system/version')).status).toBe(200)
}, 60_000)
