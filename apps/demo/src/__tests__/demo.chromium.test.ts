import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { type ChromiumSession, launchChromium } from '@gs2ez/test-utils'
import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest'
import { type BuiltDemo, startBuiltDemo } from '../../scripts/builtDemo.ts'

const demoRoot = fileURLToPath(new URL('../..', import.meta.url))
const outputDir = join(demoRoot, 'test-output')
const HEARTBEAT_MS = 4000
/** The machine may be busy (software WebGL, other test runs): poll generously. */
const wait = { timeout: 20_000 }

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
  demo = await startBuiltDemo({
    emulatorUrl: emulator.url,
    emulatorAdminToken: emulator.adminToken,
    heartbeatMs: HEARTBEAT_MS,
  })
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
  const response = await fetch(`${emulator.url}/__emulator/requests`, {
    headers: { 'x-gs2ez-admin-token': emulator.adminToken },
  })
  const body = (await response.json()) as { items: LoggedRequest[] }
  return body.items
}

interface SeenRequest {
  readonly document: number
  readonly method: string
  readonly path: string
  /** When the browser saw the response (or the failure); undefined while in flight. */
  endedAt?: number
}

/** Every request the page sent to the emulator, tagged with the document that sent it. */
function watchEmulatorRequests(page: Page) {
  let documentNumber = 0
  const seen = new Map<Request, SeenRequest>()
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) documentNumber += 1
  })
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.origin !== emulator.url) return
    seen.set(request, { document: documentNumber, method: request.method(), path: url.pathname })
  })
  const end = (request: Request) => {
    const entry = seen.get(request)
    if (entry) entry.endedAt = Date.now()
  }
  page.on('requestfinished', end)
  page.on('requestfailed', end)
  return {
    get document() {
      return documentNumber
    },
    sentBy: (document: number) =>
      [...seen.values()].filter((request) => request.document === document),
    /** Requests of earlier documents that were still running at `at` (the old page's last). */
    unfinishedAt: (at: number, before: number) =>
      [...seen.values()].filter(
        (request) => request.document < before && (request.endedAt ?? at) >= at,
      ),
  }
}

async function hold(page: Page, key: string, ms: number) {
  await page.keyboard.down(key)
  await page.waitForTimeout(ms)
  await page.keyboard.up(key)
}

test('logs in, plays, restores the session on reload with zero requests, and recovers from a dashboard revoke', async () => {
  const page = await browser.context.newPage()
  // Closed at the end: a tab left open keeps its heartbeat, and so its session, running into the
  // next tests (it re-authenticated against the restarted emulator and signed every tab out).
  onTestFinished(() => page.close())
  await page.setViewportSize({ width: 1200, height: 680 })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  const watch = watchEmulatorRequests(page)

  // First run: a device account is created and logged in.
  await page.goto(gameUrl())
  const status = page.getByTestId('title-status')
  await expect.poll(() => status.getAttribute('data-phase'), wait).toBe('ready')
  const userId = await page.getByTestId('hud-user-id').getAttribute('title')
  expect(userId).toMatch(/\S{8,}/)
  await expect.poll(() => page.getByTestId('hud-state').textContent(), wait).toBe('Active')
  await page.locator('[data-testid="hud-log"] li[data-kind="signedIn"]').waitFor()
  expect(await page.getByTestId('hud-expires').textContent()).toMatch(/^[12]:\d\d$/)
  const firstRun = watch.sentBy(watch.document).map((request) => request.path)
  expect(firstRun.some((path) => path.endsWith('/login/signed'))).toBe(true)

  // Play: start from the title screen and fly around.
  await page.keyboard.press('Space')
  const game = page.locator('#game')
  await expect.poll(() => game.getAttribute('data-scene'), wait).toBe('Game')
  for (const key of ['ArrowRight', 'KeyW', 'ArrowLeft', 'KeyS', 'KeyD']) await hold(page, key, 600)
  expect(Number(await game.getAttribute('data-lives'))).toBeGreaterThanOrEqual(0)
  const screenshot = join(outputDir, 'game.png')
  await page.screenshot({ path: screenshot })

  // Reload: the cached session comes back without a single request to GS2.
  const reloadedAt = Date.now()
  await page.reload()
  const reloaded = watch.document
  await expect.poll(() => status.getAttribute('data-phase'), wait).toBe('ready')
  await page.locator('[data-testid="hud-log"] li[data-kind="restored"]').waitFor()
  expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(userId)
  await page.waitForTimeout(1000)
  expect(watch.sentBy(reloaded)).toEqual([])
  // The emulator logs a request when it answers, so the old page's last heartbeat may land after
  // the reload began: anything logged since must be one of those, never a new request.
  const oldPages = watch.unfinishedAt(reloadedAt, reloaded).map((request) => request.path)
  const logged = (await emulatorLog()).filter((entry) => entry.at >= reloadedAt)
  expect(logged.length).toBeLessThanOrEqual(oldPages.length)
  for (const entry of logged) expect(oldPages).toContain(entry.path)

  // The PixiJS entry shares the cached session: same player, live countdown.
  const pixi = await browser.context.newPage()
  await pixi.goto(new URL('pixi.html', gameUrl()).href)
  await expect.poll(() => pixi.locator('body').getAttribute('data-user-id'), wait).toBe(userId)
  await expect
    .poll(() => pixi.locator('body').getAttribute('data-expires'), wait)
    .toMatch(/^Token expires in [12]:\d\d$/)
  await pixi.screenshot({ path: join(outputDir, 'pixi.png') })
  await pixi.close()

  // Revoke the token from the emulator's dashboard, as an operator would.
  await page.keyboard.press('Space')
  await expect.poll(() => game.getAttribute('data-scene'), wait).toBe('Game')
  const dashboard = await browser.context.newPage()
  onTestFinished(() => dashboard.close())
  await dashboard.goto(`${emulator.url}/__emulator/ui`)
  const row = dashboard.locator(`tr[data-token-id][data-user-id="${userId}"]`)
  await row.first().waitFor()
  expect(await row.count()).toBe(1)
  const tokenId = await row.getAttribute('data-token-id')
  const revokedAt = Date.now()
  await dashboard.getByTestId(`revoke-${tokenId}`).click()
  await expect.poll(() => dashboard.locator(`tr[data-token-id="${tokenId}"]`).count(), wait).toBe(0)
  await dashboard.screenshot({ path: join(outputDir, 'dashboard-revoked.png') })

  // The game's next call is refused; the SDK re-authenticates once and play goes on.
  await page
    .locator('[data-testid="hud-log"] li[data-kind="reauthenticated"]')
    .waitFor({ timeout: HEARTBEAT_MS * 3 + 20_000 })
  await expect.poll(() => page.getByTestId('hud-state').textContent(), wait).toBe('Active')
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
  await expect.poll(() => row.count(), wait).toBe(1)
  expect(await row.getAttribute('data-token-id')).not.toBe(tokenId)
  await page.screenshot({ path: join(outputDir, 'recovered.png') })

  // The HUD's own revoke button goes through the same recovery.
  const reauthentications = page.locator('[data-testid="hud-log"] li[data-kind="reauthenticated"]')
  await page.getByTestId('btn-revoke').click()
  // The button gives focus back, so the next SPACE reaches the game and does not revoke again.
  expect(await page.evaluate('document.activeElement?.dataset.testid ?? null')).toBeNull()
  await page.locator('[data-testid="hud-log"] li[data-kind="revoked"]').waitFor()
  await expect.poll(() => reauthentications.count(), { timeout: HEARTBEAT_MS * 3 + 20_000 }).toBe(2)

  // Log out: back to the title screen, signed out; logging in again finds the same player.
  await page.getByTestId('btn-logout').click()
  await expect.poll(() => status.getAttribute('data-phase'), wait).toBe('signedOut')
  await expect.poll(() => game.getAttribute('data-scene'), wait).toBe('Title')
  expect(await page.getByTestId('hud-user-id').textContent()).toBe('—')
  await page.getByTestId('btn-retry').click()
  await expect.poll(() => status.getAttribute('data-phase'), wait).toBe('ready')
  expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(userId)

  // New account: the device account is forgotten and a new player is created.
  await page.getByTestId('btn-new-account').click()
  await expect
    .poll(() => page.getByTestId('hud-user-id').getAttribute('title'), wait)
    .not.toBe(userId)
  await expect.poll(() => status.getAttribute('data-phase'), wait).toBe('ready')
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
    await expect.poll(() => status.getAttribute('data-phase'), { timeout: 40_000 }).toBe('error')
    expect(await status.textContent()).toContain(emulator.url)
    expect(await page.getByTestId('hud-state').textContent()).toBe('Error')
    await page.screenshot({ path: join(outputDir, 'emulator-down.png') })

    // The same admin token: the built game has it for its revoke button.
    emulator = await startEmulator({ port, tokenTtlSeconds: 120, adminToken: emulator.adminToken })
    await page.getByTestId('btn-retry').click()
    await expect.poll(() => status.getAttribute('data-phase'), wait).toBe('ready')
    await page.locator('[data-testid="hud-log"] li[data-kind="signedIn"]').waitFor()
  } finally {
    await fresh.close()
  }
}, 90_000)

/** Boxes of the parts that must stay on screen, in CSS pixels of the viewport. */
async function layoutOf(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const rect = document.querySelector(selector)?.getBoundingClientRect()
      if (!rect) throw new Error(`${selector} is missing`)
      return { top: rect.top, left: rect.left, bottom: rect.bottom, right: rect.right }
    }
    const log = document.querySelector('[data-testid="hud-log"]') as HTMLElement
    return {
      viewport: { width: innerWidth, height: innerHeight },
      pageHeight: document.documentElement.scrollHeight,
      canvas: box('#game canvas'),
      stage: box('.stage'),
      overlay: box('.title-overlay'),
      logEntries: log.children.length,
      logScrolls: log.scrollHeight > log.clientHeight,
    }
  })
}

for (const viewport of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`${viewport.name} ${viewport.width}x${viewport.height}: the game and its login box stay on screen with 50 log entries`, async () => {
    // A browser profile of its own: the shared one holds a player of the emulator that the test
    // before restarted empty, so what it shows depends on that test, not on the layout.
    const fresh = await launchChromium()
    onTestFinished(() => fresh.close())
    const page = await fresh.context.newPage()
    try {
      await page.setViewportSize({ width: viewport.width, height: viewport.height })
      await page.goto(gameUrl())
      await expect
        .poll(() => page.getByTestId('title-status').getAttribute('data-phase'), wait)
        .toBe('ready')
      await page.locator('[data-testid="hud-log"] li').first().waitFor(wait)
      // The log keeps its newest 50 entries; fill it to the limit with copies of real ones.
      await page.evaluate(() => {
        const log = document.querySelector('[data-testid="hud-log"]') as HTMLElement
        const first = log.firstElementChild as HTMLElement
        while (log.children.length < 50) log.append(first.cloneNode(true))
      })
      const layout = await layoutOf(page)
      expect(layout.logEntries).toBe(50)
      // The log scrolls inside its panel; the page never grows taller than the window.
      expect(layout.logScrolls).toBe(true)
      expect(layout.pageHeight).toBeLessThanOrEqual(viewport.height)
      const { canvas, overlay, stage } = layout
      expect(canvas.top).toBeGreaterThanOrEqual(0)
      expect(canvas.left).toBeGreaterThanOrEqual(0)
      expect(canvas.bottom).toBeLessThanOrEqual(viewport.height)
      expect(canvas.right).toBeLessThanOrEqual(viewport.width)
      // The login box ("Signed in as…", Play) sits on the canvas.
      expect(overlay.top).toBeGreaterThanOrEqual(canvas.top)
      expect(overlay.bottom).toBeLessThanOrEqual(canvas.bottom)
      expect(overlay.left).toBeGreaterThanOrEqual(canvas.left)
      expect(overlay.right).toBeLessThanOrEqual(canvas.right)
      if (viewport.name === 'phone') {
        // No empty band: the stage is the canvas's own size.
        expect(Math.abs(stage.bottom - stage.top - (canvas.bottom - canvas.top))).toBeLessThan(2)
        expect(Math.abs(stage.right - stage.left - (canvas.right - canvas.left))).toBeLessThan(2)
      }
      await page.screenshot({ path: join(outputDir, `layout-${viewport.name}.png`) })
    } finally {
      await page.close()
    }
  }, 60_000)
}
