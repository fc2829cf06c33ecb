import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { type ChromiumSession, launchChromium } from '@gs2ez/test-utils'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type BuiltDemo, startBuiltDemo } from '../../scripts/builtDemo.ts'

const demoRoot = fileURLToPath(new URL('../..', import.meta.url))
const outputDir = join(demoRoot, 'test-output')
const HEARTBEAT_MS = 4000

interface LoggedRequest {
  readonly at: number
  readonly method: string
  readonly path: string
  readonly status: number
}

let emulator: RunningEmulator
let demo: BuiltDemo
let browser: ChromiumSession

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokenTtlSeconds: 120 })
  // The real production build, pointed at this test's emulator.
  demo = await startBuiltDemo({ emulatorUrl: emulator.url, heartbeatMs: HEARTBEAT_MS })
  browser = await launchChromium()
  await mkdir(outputDir, { recursive: true })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
  await emulator?.close()
})

const gameUrl = () => demo.url

async function emulatorLog(): Promise<LoggedRequest[]> {
  const response = await fetch(`${emulator.url}/__emulator/requests`)
  const body = (await response.json()) as { items: LoggedRequest[] }
  return body.items
}

/** Every request the page sent to the emulator, tagged with the document that sent it. */
function watchEmulatorRequests(page: Page) {
  let documentNumber = 0
  const requests: { document: number; method: string; path: string }[] = []
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) documentNumber += 1
  })
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.origin !== emulator.url) return
    requests.push({ document: documentNumber, method: request.method(), path: url.pathname })
  })
  return {
    get document() {
      return documentNumber
    },
    sentBy: (document: number) => requests.filter((request) => request.document === document),
  }
}

async function hold(page: Page, key: string, ms: number) {
  await page.keyboard.down(key)
  await page.waitForTimeout(ms)
  await page.keyboard.up(key)
}

test('logs in, plays, restores the session on reload with zero requests, and recovers from a dashboard revoke', async () => {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1200, height: 680 })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  const watch = watchEmulatorRequests(page)

  // First run: a device account is created and logged in.
  await page.goto(gameUrl())
  const status = page.getByTestId('title-status')
  await expect.poll(() => status.getAttribute('data-phase'), { timeout: 15_000 }).toBe('ready')
  const userId = await page.getByTestId('hud-user-id').getAttribute('title')
  expect(userId).toMatch(/\S{8,}/)
  await expect.poll(() => page.getByTestId('hud-state').textContent()).toBe('active')
  await page.locator('[data-testid="hud-log"] li[data-kind="signedIn"]').waitFor()
  expect(await page.getByTestId('hud-expires').textContent()).toMatch(/^[12]:\d\d$/)
  const firstRun = watch.sentBy(watch.document).map((request) => request.path)
  expect(firstRun.some((path) => path.endsWith('/login/signed'))).toBe(true)

  // Play: start from the title screen and fly around.
  await page.keyboard.press('Space')
  const game = page.locator('#game')
  await expect.poll(() => game.getAttribute('data-scene')).toBe('Game')
  for (const key of ['ArrowRight', 'KeyW', 'ArrowLeft', 'KeyS', 'KeyD']) await hold(page, key, 600)
  expect(Number(await game.getAttribute('data-lives'))).toBeGreaterThanOrEqual(0)
  const screenshot = join(outputDir, 'game.png')
  await page.screenshot({ path: screenshot })

  // Reload: the cached session comes back without a single request to GS2.
  const reloadedAt = Date.now()
  await page.reload()
  const reloaded = watch.document
  await expect.poll(() => status.getAttribute('data-phase'), { timeout: 15_000 }).toBe('ready')
  await page.locator('[data-testid="hud-log"] li[data-kind="restored"]').waitFor()
  expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(userId)
  await page.waitForTimeout(1000)
  expect(watch.sentBy(reloaded)).toEqual([])
  expect((await emulatorLog()).filter((entry) => entry.at >= reloadedAt)).toEqual([])

  // The PixiJS entry shares the cached session: same player, live countdown.
  const pixi = await browser.context.newPage()
  await pixi.goto(new URL('pixi.html', gameUrl()).href)
  await expect.poll(() => pixi.locator('body').getAttribute('data-user-id')).toBe(userId)
  await expect
    .poll(() => pixi.locator('body').getAttribute('data-expires'))
    .toMatch(/^Token expires in [12]:\d\d$/)
  await pixi.screenshot({ path: join(outputDir, 'pixi.png') })
  await pixi.close()

  // Revoke the token from the emulator's dashboard, as an operator would.
  await page.keyboard.press('Space')
  await expect.poll(() => game.getAttribute('data-scene')).toBe('Game')
  const dashboard = await browser.context.newPage()
  await dashboard.goto(`${emulator.url}/__emulator/ui`)
  const row = dashboard.locator(`tr[data-token-id][data-user-id="${userId}"]`)
  await row.first().waitFor()
  expect(await row.count()).toBe(1)
  const tokenId = await row.getAttribute('data-token-id')
  const revokedAt = Date.now()
  await dashboard.getByTestId(`revoke-${tokenId}`).click()
  await expect.poll(() => dashboard.locator(`tr[data-token-id="${tokenId}"]`).count()).toBe(0)
  await dashboard.screenshot({ path: join(outputDir, 'dashboard-revoked.png') })

  // The game's next call is refused; the SDK re-authenticates once and play goes on.
  await page
    .locator('[data-testid="hud-log"] li[data-kind="reauthenticated"]')
    .waitFor({ timeout: HEARTBEAT_MS * 3 })
  await expect.poll(() => page.getByTestId('hud-state').textContent()).toBe('active')
  expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(userId)
  await page.waitForTimeout(HEARTBEAT_MS + 500)
  const sinceRevoke = (await emulatorLog()).filter((entry) => entry.at >= revokedAt)
  const authentications = sinceRevoke.filter(
    (entry) => entry.method === 'PUT' && entry.path.startsWith('/account/'),
  )
  const signedLogins = sinceRevoke.filter((entry) => entry.path.endsWith('/login/signed'))
  expect(authentications).toHaveLength(1)
  expect(signedLogins).toHaveLength(1)
  expect(signedLogins[0]?.status).toBe(200)
  expect(await page.getByTestId('hud-log').textContent()).toMatch(/Re-authenticated/)

  // The dashboard now lists the fresh token for the same player.
  await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1)
  expect(await row.getAttribute('data-token-id')).not.toBe(tokenId)
  await page.screenshot({ path: join(outputDir, 'recovered.png') })

  // The HUD's own revoke button goes through the same recovery.
  const reauthentications = page.locator('[data-testid="hud-log"] li[data-kind="reauthenticated"]')
  await page.getByTestId('btn-revoke').click()
  await page.locator('[data-testid="hud-log"] li[data-kind="revoked"]').waitFor()
  await expect.poll(() => reauthentications.count(), { timeout: HEARTBEAT_MS * 3 }).toBe(2)

  // Log out: back to the title screen, signed out; logging in again finds the same player.
  await page.getByTestId('btn-logout').click()
  await expect.poll(() => status.getAttribute('data-phase')).toBe('signedOut')
  await expect.poll(() => game.getAttribute('data-scene')).toBe('Title')
  expect(await page.getByTestId('hud-user-id').textContent()).toBe('—')
  await page.getByTestId('btn-retry').click()
  await expect.poll(() => status.getAttribute('data-phase'), { timeout: 15_000 }).toBe('ready')
  expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(userId)

  // New account: the device account is forgotten and a new player is created.
  await page.getByTestId('btn-new-account').click()
  await expect
    .poll(() => page.getByTestId('hud-user-id').getAttribute('title'), { timeout: 15_000 })
    .not.toBe(userId)
  await expect.poll(() => status.getAttribute('data-phase')).toBe('ready')
  expect(await page.getByTestId('hud-user-id').getAttribute('title')).toMatch(/\S{8,}/)
  expect(errors).toEqual([])
}, 120_000)

test('shows why login failed while the emulator is down, and the retry button recovers', async () => {
  const port = Number(new URL(emulator.url).port)
  await emulator.close()
  // A fresh browser profile: no cached session, so the login has to reach the server.
  const fresh = await launchChromium()
  try {
    const page = await fresh.context.newPage()
    await page.goto(gameUrl())
    const status = page.getByTestId('title-status')
    await expect.poll(() => status.getAttribute('data-phase'), { timeout: 30_000 }).toBe('error')
    expect(await status.textContent()).toContain(emulator.url)
    expect(await page.getByTestId('hud-state').textContent()).toBe('error')
    await page.screenshot({ path: join(outputDir, 'emulator-down.png') })

    emulator = await startEmulator({ port, tokenTtlSeconds: 120 })
    await page.getByTestId('btn-retry').click()
    await expect.poll(() => status.getAttribute('data-phase'), { timeout: 15_000 }).toBe('ready')
    await page.locator('[data-testid="hud-log"] li[data-kind="signedIn"]').waitFor()
  } finally {
    await fresh.close()
  }
}, 90_000)
