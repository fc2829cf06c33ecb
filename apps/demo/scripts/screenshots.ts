/**
 * Regenerates the README screenshots (docs/screenshot.png, docs/screenshot-phone.png,
 * docs/dashboard.png, and the account-survival screens docs/transfer-code.png,
 * docs/transfer-code-form.png, docs/moved-to-another-device.png, docs/storage-unavailable.png)
 * from the real build, a fresh emulator and real Chromium: `pnpm --filter demo run screenshots`.
 */
import { stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '@gs2ez/emulator'
import { launchChromium } from '@gs2ez/test-utils'
import { startBuiltDemo } from './builtDemo.ts'

const docs = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url))

// As `pnpm start`: a takeover changes the password, so the old browser is told it moved.
const emulator = await startEmulator({
  port: 0,
  tokenTtlSeconds: 120,
  config: { changePasswordIfTakeOver: ['default'] },
})
const demo = await startBuiltDemo({
  emulatorUrl: emulator.url,
  emulatorAdminToken: emulator.adminToken,
  heartbeatMs: 2000,
})
const browser = await launchChromium()
try {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(demo.url)
  await page.waitForSelector('[data-testid="title-status"][data-phase="ready"]', {
    timeout: 30_000,
  })
  // A reload shows the restore-from-cache path in the event log.
  await page.reload()
  await page.waitForSelector('[data-testid="hud-log"] li[data-kind="restored"]')
  await page.keyboard.press('Space')
  await page.waitForSelector('#game[data-scene="Game"]')
  await page.getByTestId('btn-revoke').click()
  await page.mouse.move(400, 300)
  // Headless Chromium renders WebGL in software at a few frames per second, so the game runs
  // in slow motion here: fly around long enough for meteors to come on screen.
  const moves = ['ArrowRight', 'ArrowUp', 'ArrowLeft', 'ArrowDown', 'KeyD', 'KeyW', 'KeyS', 'KeyA']
  for (const key of [...moves, ...moves]) {
    await page.keyboard.down(key)
    await page.waitForTimeout(700)
    await page.keyboard.up(key)
  }
  await page.waitForSelector('[data-testid="hud-log"] li[data-kind="reauthenticated"]')
  await page.keyboard.down('ArrowRight')
  await page.waitForTimeout(300)
  await page.screenshot({ path: docs('screenshot.png') })
  await page.keyboard.up('ArrowRight')

  // A phone: the game on top at its own aspect ratio, the session panel below it.
  const phone = await browser.context.newPage()
  await phone.setViewportSize({ width: 390, height: 844 })
  await phone.goto(demo.url)
  await phone.waitForSelector('[data-testid="title-status"][data-phase="ready"]')
  await phone.waitForSelector('[data-testid="hud-log"] li[data-kind="restored"]')
  await phone.waitForTimeout(500)
  await phone.screenshot({ path: docs('screenshot-phone.png') })

  // A fault waiting for the next logins, so the dashboard shows its fault table too.
  await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gs2ez-admin-token': emulator.adminToken },
    body: JSON.stringify({ api: 'auth.loginBySignature', status: 503, times: 2 }),
  })
  const dashboard = await browser.context.newPage()
  await dashboard.setViewportSize({ width: 1000, height: 720 })
  await dashboard.goto(`${emulator.url}/__emulator/ui`)
  await dashboard.waitForSelector('tr[data-token-id]')
  await dashboard.waitForSelector('tr[data-fault-id]')
  await dashboard.screenshot({ path: docs('dashboard.png') })
  await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'DELETE',
    headers: { 'x-gs2ez-admin-token': emulator.adminToken },
  })

  // Save my progress: the transfer code with its Copy button.
  await page.getByTestId('btn-logout').click()
  await page.waitForSelector('[data-testid="title-status"][data-phase="signedOut"]')
  await page.getByTestId('btn-retry').click()
  await page.waitForSelector('[data-testid="title-status"][data-phase="ready"]')
  await page.getByTestId('btn-save-progress').click()
  await page.waitForFunction(
    () => document.querySelector('[data-testid="transfer-code-id"]')?.textContent !== '',
  )
  const userIdentifier = await page.getByTestId('transfer-code-id').textContent()
  const password = await page.getByTestId('transfer-code-password').textContent()
  await page.screenshot({ path: docs('transfer-code.png') })
  await page.getByTestId('btn-cancel-transfer').click()

  // Another browser profile: "I have a transfer code".
  const other = await launchChromium()
  try {
    const second = await other.context.newPage()
    await second.setViewportSize({ width: 1280, height: 800 })
    await second.goto(demo.url)
    await second.waitForSelector('[data-testid="title-status"][data-phase="ready"]')
    await second.getByTestId('btn-transfer-code').click()
    await second.getByTestId('form-transfer-code').fill(userIdentifier ?? '')
    await second.getByTestId('form-transfer-password').fill(password ?? '')
    await second.screenshot({ path: docs('transfer-code-form.png') })
    await second.getByTestId('btn-submit-transfer').click()
    await second.waitForSelector('[data-testid="transfer-panel"]', { state: 'hidden' })
  } finally {
    await other.close()
  }

  // The first browser, at its next re-authentication: its player moved away.
  await page.getByTestId('btn-revoke').click()
  await page.waitForSelector('[data-testid="title-status"][data-phase="movedToAnotherDevice"]', {
    timeout: 30_000,
  })
  await page.waitForTimeout(300)
  await page.screenshot({ path: docs('moved-to-another-device.png') })

  // IndexedDB that never answers: the storage-unavailable screen (no account is created).
  const hung = await launchChromium()
  try {
    await hung.context.addInitScript(() => {
      IDBFactory.prototype.open = () => ({}) as IDBOpenDBRequest
    })
    const third = await hung.context.newPage()
    await third.setViewportSize({ width: 1280, height: 800 })
    await third.goto(demo.url)
    await third.waitForSelector('[data-testid="title-status"][data-phase="storageUnavailable"]', {
      timeout: 30_000,
    })
    await third.waitForTimeout(300)
    await third.screenshot({ path: docs('storage-unavailable.png') })
  } finally {
    await hung.close()
  }

  for (const name of [
    'screenshot.png',
    'screenshot-phone.png',
    'dashboard.png',
    'transfer-code.png',
    'transfer-code-form.png',
    'moved-to-another-device.png',
    'storage-unavailable.png',
  ]) {
    console.log(`${name}: ${Math.round((await stat(docs(name))).size / 1024)} KB`)
  }
} finally {
  await browser.close()
  await demo.close()
  await emulator.close()
}
