import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { type ChromiumSession, launchChromium } from '@gs2ez/test-utils'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest'
import { type BuiltDemo, startBuiltDemo } from '../../scripts/builtDemo.ts'

// Real Chromium, the production build and the real emulator: the screens that keep a player
// their account (issue 16). Every test opens its own browser profiles and closes them: a tab
// left open keeps heartbeating into the next test.

const demoRoot = fileURLToPath(new URL('../..', import.meta.url))
const outputDir = join(demoRoot, 'test-output')
const wait = { timeout: 20_000 }
const HEARTBEAT_MS = 3000

let emulator: RunningEmulator
let demo: BuiltDemo

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokenTtlSeconds: 120 })
  demo = await startBuiltDemo({
    emulatorUrl: emulator.url,
    emulatorAdminToken: emulator.adminToken,
    heartbeatMs: HEARTBEAT_MS,
  })
  await mkdir(outputDir, { recursive: true })
}, 120_000)

afterAll(async () => {
  await demo?.close()
  await emulator?.close()
})

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: {
      'x-gs2ez-admin-token': emulator.adminToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(response.status).toBe(200)
  return response.json()
}

/** Every account of the demo's namespace on the emulator. */
async function accountIds(): Promise<string[]> {
  const { items } = (await admin('GET', '/accounts?namespaceName=default&limit=1000')) as {
    items: Array<{ userId: string }>
  }
  return items.map((item) => item.userId)
}

/** A browser profile of its own (its own IndexedDB), closed when the test ends. */
async function browserProfile(): Promise<ChromiumSession> {
  const browser = await launchChromium()
  onTestFinished(() => browser.close())
  return browser
}

async function openGame(browser: ChromiumSession): Promise<Page> {
  const page = await browser.context.newPage()
  onTestFinished(() => page.close())
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  onTestFinished(() => expect(errors).toEqual([]))
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(demo.url)
  return page
}

const phaseOf = (page: Page) => page.getByTestId('title-status').getAttribute('data-phase')
const userIdOf = (page: Page) => page.getByTestId('hud-user-id').getAttribute('title')

/**
 * Revoke my token, so the next call re-authenticates at once. On a busy machine the proactive
 * refresh may have come first and the player may already be signed out (the button disabled):
 * clicked in the page, in one step, so that case is a no-op instead of a wait for the button.
 */
async function revokeUnlessMoved(page: Page): Promise<void> {
  await page.evaluate(() => {
    ;(document.querySelector('[data-testid="btn-revoke"]') as HTMLButtonElement).click()
  })
}

async function signedIn(page: Page): Promise<string> {
  await expect.poll(() => phaseOf(page), wait).toBe('ready')
  const userId = await userIdOf(page)
  expect(userId).toMatch(/\S{8,}/)
  return userId as string
}

test('a returning player whose IndexedDB hangs sees "Storage unavailable", no account is created, and Retry brings them back', async () => {
  const browser = await browserProfile()
  const page = await openGame(browser)
  const userId = await signedIn(page)
  const before = await accountIds()
  expect(before).toContain(userId)

  // From the next load on, indexedDB.open never answers (as it hangs in the wild: firebase-js-sdk
  // #2167): the SDK cannot read whether this browser has a player.
  await page.addInitScript(() => {
    const scope = window as unknown as { __hangIndexedDb: boolean }
    const open = IDBFactory.prototype.open
    scope.__hangIndexedDb = true
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: [string, number?]) {
      if (scope.__hangIndexedDb) return {} as IDBOpenDBRequest // its events never fire
      return open.apply(this, args)
    }
  })
  await page.reload()
  await expect.poll(() => phaseOf(page), wait).toBe('storageUnavailable')
  expect(await page.getByTestId('title-status').textContent()).toBe('Storage unavailable')
  expect(await page.locator('.title-detail').textContent()).toMatch(/will not start a second one/)
  expect(await page.getByTestId('btn-retry').isVisible()).toBe(true)
  expect(await page.getByTestId('btn-play').isVisible()).toBe(false)
  expect(await page.getByTestId('hud-log').textContent()).toMatch(/Storage unavailable/)
  await page.screenshot({ path: join(outputDir, 'storage-unavailable.png') })
  // The point of the screen: the player was not forked onto a new account.
  expect(await accountIds()).toEqual(before)

  // Storage answers again: Retry finds the same player, and still nothing was created.
  await page.evaluate(() => {
    ;(window as unknown as { __hangIndexedDb: boolean }).__hangIndexedDb = false
  })
  await page.getByTestId('btn-retry').click()
  expect(await signedIn(page)).toBe(userId)
  expect(await accountIds()).toEqual(before)
}, 90_000)

/** GS2 requests from outside the browser, with the demo's application credential. */
async function gs2(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-gs2-client-id': 'gs2ez-demo-app',
      ...headers,
    },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/**
 * What another device does with a transfer code, done over plain HTTP: registers a takeover for
 * `userId` (with an access token the emulator issues for them) and uses it (doTakeOver).
 */
async function takeOverElsewhere(userId: string): Promise<void> {
  const login = await gs2('/identifier/projectToken/login', {
    client_id: 'gs2ez-demo-app',
    client_secret: 'gs2ez-demo-app-secret',
  })
  const project = { authorization: `Bearer ${login.body.access_token as string}` }
  const { token } = (await admin('POST', '/tokens', { userId })) as { token: string }
  const code = { userIdentifier: `elsewhere-${Date.now()}`, password: 'elsewhere-password' }
  const created = await gs2(
    '/account/default/account/me/takeover',
    { type: 0, ...code },
    { ...project, 'x-gs2-access-token': token },
  )
  expect(created.status).toBe(200)
  const taken = await gs2('/account/default/takeover/type/0', code, project)
  expect(taken.status).toBe(200)
  expect((taken.body.item as { userId: string }).userId).toBe(userId)
}

test('after a takeover elsewhere changed the password, the old browser says "Your account moved to another device" and can start a new game', async () => {
  await admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
  onTestFinished(async () => {
    await admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: false })
  })
  const browser = await browserProfile()
  const page = await openGame(browser)
  const userId = await signedIn(page)
  await takeOverElsewhere(userId)

  // The old browser finds out at its next re-authentication: at once after a revoked token.
  await revokeUnlessMoved(page)
  await expect
    .poll(() => phaseOf(page), { timeout: HEARTBEAT_MS * 3 + 20_000 })
    .toBe('movedToAnotherDevice')
  expect(await page.getByTestId('title-status').textContent()).toBe(
    'Your account moved to another device',
  )
  expect(await page.locator('.title-detail').textContent()).toContain(userId.slice(0, 6))
  expect(await page.getByTestId('btn-new-game').isVisible()).toBe(true)
  expect(await page.getByTestId('btn-transfer-code').isVisible()).toBe(true)
  expect(await page.getByTestId('btn-play').isVisible()).toBe(false)
  expect(await page.getByTestId('hud-log').textContent()).toMatch(
    /Signed out \(your account moved to another device\)/,
  )
  await page.screenshot({ path: join(outputDir, 'moved-to-another-device.png') })

  // "Start a new game": a brand new player on this browser; the moved one is left alone.
  await page.getByTestId('btn-new-game').click()
  const fresh = await signedIn(page)
  expect(fresh).not.toBe(userId)
  expect(await accountIds()).toEqual(expect.arrayContaining([userId, fresh]))
}, 90_000)

interface ShownCode {
  readonly userIdentifier: string
  readonly password: string
}

/** "Save my progress": the transfer code the game shows, read off the dialog. */
async function saveProgress(page: Page): Promise<ShownCode> {
  await page.getByTestId('btn-save-progress').click()
  const id = page.getByTestId('transfer-code-id')
  await expect.poll(() => id.textContent(), wait).not.toBe('')
  const userIdentifier = (await id.textContent()) ?? ''
  const password = (await page.getByTestId('transfer-code-password').textContent()) ?? ''
  // Human-typable: letters, digits and dashes only; both parts long enough to guess at no rate.
  expect(userIdentifier).toMatch(/^[A-Z0-9-]{8,}$/)
  expect(password).toMatch(/^[A-Z0-9-]{8,}$/)
  return { userIdentifier, password }
}

async function enterTransferCode(page: Page, code: ShownCode): Promise<void> {
  await page.getByTestId('btn-transfer-code').click()
  await page.getByTestId('form-transfer-code').fill(code.userIdentifier)
  await page.getByTestId('form-transfer-password').fill(code.password)
  await page.getByTestId('btn-submit-transfer').click()
}

test('two browser profiles: A saves progress, B continues as A (its other tab follows), and A is told its account moved', async () => {
  await admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
  onTestFinished(async () => {
    await admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: false })
  })
  const browserA = await browserProfile()
  await browserA.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(demo.url).origin,
  })
  const pageA = await openGame(browserA)
  const userA = await signedIn(pageA)

  // A: "Save my progress" shows the code, and Copy puts both parts on the clipboard.
  const code = await saveProgress(pageA)
  await pageA.getByTestId('btn-copy-transfer-code').click()
  await expect.poll(() => pageA.getByTestId('copy-status').textContent(), wait).toMatch(/^Copied/)
  const copied = await pageA.evaluate(() => navigator.clipboard.readText())
  expect(copied).toContain(code.userIdentifier)
  expect(copied).toContain(code.password)
  await pageA.screenshot({ path: join(outputDir, 'transfer-code.png') })
  await pageA.getByTestId('btn-cancel-transfer').click()
  await expect.poll(() => pageA.getByTestId('transfer-panel').isVisible(), wait).toBe(false)
  expect(await userIdOf(pageA)).toBe(userA)

  // B: another browser profile, first run (a player of its own), two tabs of the game.
  const browserB = await browserProfile()
  const pageB = await openGame(browserB)
  const userB = await signedIn(pageB)
  expect(userB).not.toBe(userA)
  const otherTabB = await openGame(browserB)
  expect(await signedIn(otherTabB)).toBe(userB)

  // Pasting what A copied into the first field fills both.
  await pageB.getByTestId('btn-transfer-code').click()
  await pageB.getByTestId('form-transfer-code').fill(copied)
  expect(await pageB.getByTestId('form-transfer-code').inputValue()).toBe(code.userIdentifier)
  expect(await pageB.getByTestId('form-transfer-password').inputValue()).toBe(code.password)
  // B types it as a person would: lower case. It plays as A's player from now on.
  await pageB.getByTestId('form-transfer-code').fill(code.userIdentifier.toLowerCase())
  await pageB.getByTestId('form-transfer-password').fill(code.password.toLowerCase())
  await pageB.getByTestId('btn-submit-transfer').click()
  await expect.poll(() => userIdOf(pageB), wait).toBe(userA)
  expect(await phaseOf(pageB)).toBe('ready')
  expect(await pageB.getByTestId('transfer-panel').isVisible()).toBe(false)
  expect(await pageB.getByTestId('hud-log').textContent()).toMatch(/Continued with a transfer code/)
  await pageB.screenshot({ path: join(outputDir, 'transfer-code-used.png') })
  // B's other tab was signed out of B's old player ('switchedAccount') and followed by itself.
  await expect.poll(() => userIdOf(otherTabB), wait).toBe(userA)
  await expect.poll(() => phaseOf(otherTabB), wait).toBe('ready')
  // It is B's device account now: a reload comes back as A's player.
  await pageB.reload()
  expect(await signedIn(pageB)).toBe(userA)

  // A: the namespace changed the password on takeover, so its next re-authentication is refused.
  await revokeUnlessMoved(pageA)
  await expect
    .poll(() => phaseOf(pageA), { timeout: HEARTBEAT_MS * 3 + 20_000 })
    .toBe('movedToAnotherDevice')
  expect(await pageA.getByTestId('title-status').textContent()).toBe(
    'Your account moved to another device',
  )
  // B keeps playing as that player.
  await pageB.waitForTimeout(HEARTBEAT_MS + 500)
  expect(await userIdOf(pageB)).toBe(userA)
  expect(await phaseOf(pageB)).toBe('ready')
}, 180_000)

test('the transfer-code form: Cancel, Escape and a wrong code all keep the current player', async () => {
  const browser = await browserProfile()
  const page = await openGame(browser)
  const userId = await signedIn(page)
  const panel = page.getByTestId('transfer-panel')
  const stillPlaying = async () => {
    expect(await userIdOf(page)).toBe(userId)
    expect(await phaseOf(page)).toBe('ready')
    expect(await page.getByTestId('hud-state').getAttribute('data-state')).toBe('active')
  }

  // Cancel: back to the same player, nobody signed out.
  await page.getByTestId('btn-transfer-code').click()
  await page.getByTestId('form-transfer-code').waitFor(wait)
  // The title box steps aside while the form is open.
  expect(await page.locator('.title-overlay').isHidden()).toBe(true)
  await page.screenshot({ path: join(outputDir, 'transfer-code-form.png') })
  await page.getByTestId('btn-cancel-transfer').click()
  await expect.poll(() => panel.isVisible(), wait).toBe(false)
  expect(await page.locator('.title-overlay').isVisible()).toBe(true)
  await stillPlaying()
  // Escape closes it too.
  await page.getByTestId('btn-transfer-code').click()
  await page.getByTestId('form-transfer-code').waitFor(wait)
  await page.keyboard.press('Escape')
  await expect.poll(() => panel.isVisible(), wait).toBe(false)
  await stillPlaying()

  // A code nobody has (this player's own, reversed: same alphabet and shape): the form says
  // so, stays open, and the player keeps playing.
  const code = await saveProgress(page)
  await page.getByTestId('btn-cancel-transfer').click()
  const reversed = (text: string) => [...text].reverse().join('')
  await enterTransferCode(page, { ...code, userIdentifier: reversed(code.userIdentifier) })
  const error = page.getByTestId('transfer-error')
  await expect.poll(() => error.textContent(), wait).toMatch(/^No player has this transfer code/)
  expect(await panel.isVisible()).toBe(true)
  await stillPlaying()

  // The real code with a wrong password: a different, readable reason.
  await page.getByTestId('btn-cancel-transfer').click()
  await enterTransferCode(page, { ...code, password: reversed(code.password) })
  await expect
    .poll(() => error.textContent(), wait)
    .toBe('The transfer code and password do not match. Check both and try again.')
  await page.screenshot({ path: join(outputDir, 'transfer-code-wrong.png') })
  await page.getByTestId('btn-cancel-transfer').click()
  await stillPlaying()
  expect(await page.getByTestId('hud-log').textContent()).not.toMatch(/Signed out/)
}, 120_000)
