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

test('the dashboard shows takeover settings, switches changePasswordIfTakeOver, deletes a setting', async () => {
  h = await startHarness()
  const player = await h.signIn()
  browser = await launchChromium()
  const page = await browser.context.newPage()
  await page.goto(h.emulator.dashboardUrl)

  // Registered after the page loaded: it must show up without a reload.
  const created = await h.call('POST', '/account/default/account/me/takeover', {
    accessToken: player.token,
    body: { type: 3, userIdentifier: 'dashboard@example.com', password: 'transfer' },
  })
  expect(created.status).toBe(200)
  const row = page.locator(`#takeovers tr[data-takeover-user-id="${player.userId}"]`)
  await row.waitFor()
  expect(await row.textContent()).toContain('dashboard@example.com')
  expect(await row.textContent()).not.toContain('transfer')

  const box = page.locator('[data-testid="change-password-default"]')
  expect(await box.isChecked()).toBe(false)
  await box.check()
  await expect
    .poll(
      async () =>
        (
          (await h!.call('GET', '/account/default')).json as {
            item: { changePasswordIfTakeOver: boolean }
          }
        ).item.changePasswordIfTakeOver,
    )
    .toBe(true)
  const moved = await h.call<{ item: { password: string } }>(
    'POST',
    '/account/default/takeover/type/3',
    {
      body: { userIdentifier: 'dashboard@example.com', password: 'transfer' },
    },
  )
  expect(moved.status).toBe(200)
  expect((await h.authenticate(player.userId, player.password)).status).toBe(401)

  await page.click(`[data-testid="delete-takeover-default-3-${player.userId}"]`)
  await row.waitFor({ state: 'detached' })
  expect(
    (
      await h.call('POST', '/account/default/takeover/type/3', {
        body: { userIdentifier: 'dashboard@example.com', password: 'transfer' },
      })
    ).status,
  ).toBe(404)
}, 60_000)
