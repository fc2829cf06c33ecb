import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { type ChromiumSession, launchChromium } from '@gs2ez/test-utils'
import { generate } from 'otplib'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type BuiltDemo, startBuiltDemo } from '../../scripts/builtDemo.ts'
import { type GameServerProcess, startGameServerProcess } from '../../scripts/gameServerProcess.ts'

// Real Chromium, the production build, the real emulator and the real game server (its CLI in a
// child process): "Sign in with username" with a TOTP second factor, as a player does it.

const demoRoot = fileURLToPath(new URL('../..', import.meta.url))
const outputDir = join(demoRoot, 'test-output')
const wait = { timeout: 20_000 }
/** The game's periodic call with the token: what notices a revoked token. */
const HEARTBEAT_MS = 3000

let emulator: RunningEmulator
let gameServer: GameServerProcess
let demo: BuiltDemo
let browser: ChromiumSession

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokenTtlSeconds: 120 })
  gameServer = await startGameServerProcess({ port: 0, gs2Endpoint: emulator.endpointTemplate })
  demo = await startBuiltDemo({
    emulatorUrl: emulator.url,
    emulatorAdminToken: emulator.adminToken,
    gameServerUrl: gameServer.url,
    heartbeatMs: HEARTBEAT_MS,
  })
  browser = await launchChromium()
  await mkdir(outputDir, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await demo?.close()
  await gameServer?.close()
  await emulator?.close()
})

/** `POST /users` on the game server, the way a sign-up page (or the demo's Register) does. */
async function registerTotpUser(username: string, password: string): Promise<string> {
  const response = await fetch(`${gameServer.url}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, twoFactor: 'totp' }),
  })
  expect(response.status).toBe(201)
  const body = (await response.json()) as { totp: { secret: string; otpauth_uri: string } }
  expect(body.totp.otpauth_uri).toMatch(/^otpauth:\/\/totp\//)
  return body.totp.secret
}

/** What the authenticator app shows now (the game server runs on the same real clock). */
const totpNow = (secret: string, offsetSteps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 })

/** Emulator admin: the access tokens it issued for a GS2 user id. */
async function emulatorTokensFor(userId: string): Promise<Array<{ userId: string }>> {
  const response = await fetch(
    `${emulator.url}/__emulator/tokens?userId=${encodeURIComponent(userId)}`,
    { headers: { 'x-gs2ez-admin-token': emulator.adminToken } },
  )
  return ((await response.json()) as { items: Array<{ userId: string }> }).items
}

/** Emulator admin: how many GS2 accounts exist (the demo's namespace). */
async function emulatorAccountCount(): Promise<number> {
  const response = await fetch(
    `${emulator.url}/__emulator/accounts?namespaceName=default&limit=1000`,
    {
      headers: { 'x-gs2ez-admin-token': emulator.adminToken },
    },
  )
  return ((await response.json()) as { items: unknown[] }).items.length
}

async function openSignInForm(page: Page) {
  await page.goto(demo.url)
  // The first visit logs in with a device account; the username sign-in sits next to it.
  await page.waitForSelector('[data-testid="title-status"][data-phase="ready"]', wait)
  const deviceUserId = await page.getByTestId('hud-user-id').getAttribute('title')
  const clickedAt = Date.now()
  await page.getByTestId('btn-username-login').click()
  await page.getByTestId('form-username').waitFor(wait)
  return { deviceUserId, clickedAt }
}

/** The device player is still the one signed in, and nothing waits behind the form. */
async function expectStillDevicePlayer(page: Page, deviceUserId: string | null) {
  expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(deviceUserId)
  expect(await page.getByTestId('hud-state').getAttribute('data-state')).toBe('active')
  expect(await page.getByTestId('title-status').getAttribute('data-phase')).toBe('ready')
}

/** The HUD names this username: the switch from the device player is done. */
async function waitForUsername(page: Page, username: string) {
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid="hud-username"]')?.textContent === name,
    username,
    wait,
  )
}

/** The login time the HUD logged last, in ms. */
async function lastLoginMs(page: Page): Promise<number> {
  const line = await page
    .getByTestId('hud-log')
    .locator('li[data-kind="signedIn"]')
    .first()
    .textContent()
  return Number(/Logged in \((\d+) ms\)/.exec(line ?? '')?.[1] ?? Number.NaN)
}

async function typeCredentials(page: Page, username: string, password: string) {
  await page.getByTestId('form-username').fill(username)
  await page.getByTestId('form-password').fill(password)
  await page.getByTestId('btn-submit-login').click()
  await page.getByTestId('form-code').waitFor(wait)
}

test('a player signs in with username, password and a TOTP code; a reload restores the session without asking', async () => {
  const secret = await registerTotpUser('tess', 'tess-password-1')
  // One persistent context (IndexedDB and localStorage survive reloads), one page per test.
  const page = await browser.context.newPage()
  try {
    const { deviceUserId, clickedAt } = await openSignInForm(page)
    // Opening the form signs nobody out, and no spinner sits behind a form that waits.
    await expectStillDevicePlayer(page, deviceUserId)
    expect(await page.locator('.title-overlay').isHidden()).toBe(true)
    await page.screenshot({ path: join(outputDir, 'username-sign-in.png') })
    // The player takes their time: none of it is login time.
    const TYPING_MS = 1500
    await page.waitForTimeout(TYPING_MS)
    await typeCredentials(page, 'tess', 'tess-password-1')
    await expectStillDevicePlayer(page, deviceUserId)
    expect(await page.locator('.signin-note').textContent()).toBe(
      'Enter the 6-digit code from your authenticator app.',
    )
    await page.screenshot({ path: join(outputDir, 'username-code.png') })
    await page.waitForTimeout(TYPING_MS)
    await page.getByTestId('form-code').fill(await totpNow(secret))
    await page.getByTestId('btn-submit-code').click()

    await waitForUsername(page, 'tess')
    const signedInAt = Date.now()
    await page.waitForSelector('[data-testid="title-status"][data-phase="ready"]', wait)
    await page.waitForSelector('[data-testid="hud-state"][data-state="active"]', wait)
    const userId = await page.getByTestId('hud-user-id').getAttribute('title')
    expect(userId).toBeTruthy()
    expect(userId).not.toBe(deviceUserId)
    // Signed in with a username: the HUD and the title say who, not only the GS2 user id.
    expect(await page.getByTestId('hud-username').textContent()).toBe('tess')
    expect(await page.getByTestId('title-status').textContent()).toBe('Signed in as tess')
    // The login time shown leaves out the two pauses the player spent on the form.
    expect(await lastLoginMs(page)).toBeLessThanOrEqual(signedInAt - clickedAt - 2 * TYPING_MS)
    // The HUD's user id is the GS2 user the game server minted a token for.
    const issued = await emulatorTokensFor(userId ?? '')
    expect(issued.length).toBeGreaterThan(0)
    expect(await page.getByTestId('form-username').isVisible()).toBe(false)
    // Two logins on this page: the device account, then the username.
    expect(await page.getByTestId('hud-log').locator('li', { hasText: 'Logged in' }).count()).toBe(
      2,
    )

    // Reload: the same player, no password or code prompt, no new GS2 login.
    let tokenRequests = 0
    page.on('request', (request) => {
      if (request.url().startsWith(gameServer.url)) tokenRequests++
    })
    await page.reload()
    await page.waitForSelector('[data-testid="title-status"][data-phase="ready"]', wait)
    await page.waitForSelector('[data-testid="hud-state"][data-state="active"]', wait)
    expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(userId)
    expect(await page.getByTestId('hud-username').textContent()).toBe('tess')
    expect(await page.getByTestId('form-username').isVisible()).toBe(false)
    expect(await page.getByTestId('hud-log').textContent()).toContain('Restored from cache')
    expect(tokenRequests).toBe(0)

    // Revoked behind the game's back: the next call gets a 401 and the refresh token (not the
    // player) signs in again.
    await page.getByTestId('btn-revoke').click()
    await page
      .getByTestId('hud-log')
      .getByText('Re-authenticated: server rejected the token')
      .waitFor(wait)
    expect(tokenRequests).toBeGreaterThan(0)
    expect(await page.getByTestId('form-username').isVisible()).toBe(false)
    expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(userId)

    // Log out: back to the title with both options, and a username sign-in asks again.
    await page.getByTestId('btn-logout').click()
    await page.waitForSelector('[data-testid="title-status"][data-phase="signedOut"]', wait)
    expect(await page.getByTestId('btn-retry').isVisible()).toBe(true)
    expect(await page.getByTestId('btn-username-login').isVisible()).toBe(true)
    await page.reload()
    // Signed out of the username session: the next launch is the device account again.
    await page.waitForSelector('[data-testid="title-status"][data-phase="ready"]', wait)
    expect(await page.getByTestId('hud-user-id').getAttribute('title')).toBe(deviceUserId)
  } finally {
    await page.close()
  }
}, 120_000)

test('Cancel and Escape return to the device player; a wrong password and a wrong code each say so', async () => {
  const secret = await registerTotpUser('wren', 'wren-password-1')
  const page = await browser.context.newPage()
  try {
    const { deviceUserId } = await openSignInForm(page)
    // Cancel closes the form: the device player never left, nothing was signed out.
    await page.getByTestId('btn-cancel-sign-in').click()
    await page.getByTestId('form-username').waitFor({ ...wait, state: 'hidden' })
    await page.locator('.title-overlay').waitFor(wait)
    await expectStillDevicePlayer(page, deviceUserId)
    expect(await page.getByTestId('btn-play').isVisible()).toBe(true)
    const log = page.getByTestId('hud-log')
    expect(await log.textContent()).toContain('Sign-in with username cancelled; still signed in')
    expect(await log.locator('li[data-kind="signedOut"]').count()).toBe(0)

    // Escape does the same.
    await page.getByTestId('btn-username-login').click()
    await page.getByTestId('form-username').waitFor(wait)
    await page.getByTestId('form-username').press('Escape')
    await page.getByTestId('form-username').waitFor({ ...wait, state: 'hidden' })
    await expectStillDevicePlayer(page, deviceUserId)
    await page.getByTestId('btn-username-login').click()
    await page.getByTestId('form-username').waitFor(wait)

    await page.getByTestId('form-username').fill('wren')
    await page.getByTestId('form-password').fill('not-the-password')
    await page.getByTestId('btn-submit-login').click()
    await page.waitForSelector('[data-testid="login-error"]:not([hidden])', wait)
    expect(await page.getByTestId('login-error').textContent()).toBe('Wrong username or password.')
    expect(await page.getByTestId('form-password').isVisible()).toBe(true)

    await typeCredentials(page, 'wren', 'wren-password-1')
    expect(await page.getByTestId('login-error').isHidden()).toBe(true)
    // A code no authenticator shows right now (the server accepts ±1 step).
    const window = await Promise.all([-1, 0, 1].map((step) => totpNow(secret, step)))
    const wrong = ['000000', '111111', '222222', '333333'].find((code) => !window.includes(code))
    await page.getByTestId('form-code').fill(wrong ?? '')
    await page.getByTestId('btn-submit-code').click()
    await page.waitForSelector('[data-testid="login-error"]:not([hidden])', wait)
    expect(await page.getByTestId('login-error').textContent()).toContain(
      'That code was not accepted',
    )
    expect(await page.getByTestId('form-code').inputValue()).toBe('')
    await page.screenshot({ path: join(outputDir, 'username-wrong-code.png') })

    await page.getByTestId('form-code').fill(await totpNow(secret))
    await page.getByTestId('btn-submit-code').click()
    // The device player stays active until the switch: wait for the new player.
    await waitForUsername(page, 'wren')
    await page.waitForSelector('[data-testid="hud-state"][data-state="active"]', wait)
    expect(await page.getByTestId('form-code').isVisible()).toBe(false)
    expect(await page.getByTestId('hud-log').textContent()).toContain('Sign-in failed')
    // The switch happened on success only: now wren, and the device player was logged out.
    expect(await page.getByTestId('hud-username').textContent()).toBe('wren')
    expect(await page.getByTestId('hud-user-id').getAttribute('title')).not.toBe(deviceUserId)
    expect(await page.getByTestId('hud-log').textContent()).toContain(
      'Switched from the device player',
    )
    // Pages share the browser's storage: the next test starts from the device player again.
    // The title says "signed out" only once the refresh token is forgotten (see
    // demoSession.logout.test.ts), so the next test cannot find it.
    await page.getByTestId('btn-logout').click()
    await page.waitForSelector('[data-testid="title-status"][data-phase="signedOut"]', wait)
  } finally {
    await page.close()
  }
}, 120_000)

/** Fills the Register form on the title screen and submits it. */
async function registerInPage(
  page: Page,
  registration: {
    username: string
    password: string
    factor: 'none' | 'totp' | 'email'
    email?: string
  },
) {
  await page.getByTestId('btn-register-toggle').click()
  await page.getByTestId('form-second-factor').waitFor(wait)
  await page.getByTestId('form-username').fill(registration.username)
  await page.getByTestId('form-password').fill(registration.password)
  await page.getByTestId('form-second-factor').selectOption(registration.factor)
  if (registration.email) await page.getByTestId('form-email').fill(registration.email)
  await page.getByTestId('btn-submit-register').click()
  await page.getByTestId('register-result').waitFor(wait)
}

test('Register with TOTP shows the otpauth URI and the secret; the username continues the device player', async () => {
  const page = await browser.context.newPage()
  try {
    const { deviceUserId } = await openSignInForm(page)
    const accountsBefore = await emulatorAccountCount()
    // A taken username is refused with the server's reason (someone else holds it).
    await registerTotpUser('pip-rival', 'rival-password-1')
    await page.getByTestId('btn-register-toggle').click()
    await page.getByTestId('form-username').fill('PIP-RIVAL')
    await page.getByTestId('form-password').fill('another-password')
    await page.getByTestId('btn-submit-register').click()
    await page.waitForSelector('[data-testid="login-error"]:not([hidden])', wait)
    expect(await page.getByTestId('login-error').textContent()).toMatch(/taken/i)
    await page.getByTestId('btn-register-toggle').click()

    await registerInPage(page, { username: 'pip', password: 'pip-password-1', factor: 'totp' })
    const otpauth = await page.getByTestId('register-otpauth').textContent()
    const secret = (await page.getByTestId('register-secret').textContent()) ?? ''
    expect(otpauth).toMatch(/^otpauth:\/\/totp\/.*pip/)
    expect(otpauth).toContain(`secret=${secret}`)
    // The demo sent the SDK's identity proof: the username belongs to the device player.
    expect(await page.getByTestId('register-linked').textContent()).toMatch(/linked/)
    await page.screenshot({ path: join(outputDir, 'username-registered-totp.png') })
    await page.getByRole('button', { name: 'Sign in now' }).click()

    await typeCredentials(page, 'pip', 'pip-password-1')
    await page.getByTestId('form-code').fill(await totpNow(secret))
    await page.getByTestId('btn-submit-code').click()
    // The device player stays active until the switch: wait for the new player.
    await waitForUsername(page, 'pip')
    await page.waitForSelector('[data-testid="hud-state"][data-state="active"]', wait)
    const pipUserId = await page.getByTestId('hud-user-id').getAttribute('title')
    // Same GS2 user as the guest, and no GS2 account was made for the username.
    expect(pipUserId).toBe(deviceUserId)
    expect(await emulatorAccountCount()).toBe(accountsBefore)

    // New account from a username session: a brand new device player, not pip, not the old one.
    await page.getByTestId('btn-new-account').click()
    await page.waitForFunction(
      (old) => {
        const id = document.querySelector('[data-testid="hud-user-id"]')?.getAttribute('title')
        return id && !old.includes(id)
      },
      [deviceUserId, pipUserId],
      wait,
    )
    await page.waitForSelector('[data-testid="title-status"][data-phase="ready"]', wait)
    expect(await page.getByTestId('btn-username-login').isVisible()).toBe(true)
  } finally {
    await page.close()
  }
}, 120_000)

test('Register with an emailed code explains the dev outbox; the code read there signs in', async () => {
  const page = await browser.context.newPage()
  try {
    await openSignInForm(page)
    const email = 'mo@example.com'
    await registerInPage(page, {
      username: 'moe',
      password: 'moe-password-1',
      factor: 'email',
      email,
    })
    const note = await page.getByTestId('register-email-note').textContent()
    expect(note).toContain('dev outbox')
    await page.getByRole('button', { name: 'Sign in now' }).click()
    await typeCredentials(page, 'moe', 'moe-password-1')
    // The outbox needs the game server's admin token in a header: the form reads it for the
    // player, as a plain link could not.
    await page.getByTestId('btn-show-mail').click()
    const mail = page.getByTestId('dev-mail')
    await mail.waitFor(wait)
    await page.screenshot({ path: join(outputDir, 'username-email-code.png') })
    const code = /\b(\d{6})\b/.exec((await mail.textContent()) ?? '')?.[1]
    expect(code).toMatch(/^\d{6}$/)
    await page.getByTestId('form-code').fill(code ?? '')
    await page.getByTestId('btn-submit-code').click()
    // The device player stays active until the switch: wait for the new player.
    await waitForUsername(page, 'moe')
    await page.waitForSelector('[data-testid="hud-state"][data-state="active"]', wait)
    expect(await page.getByTestId('hud-username').textContent()).toBe('moe')
    await page.getByTestId('btn-logout').click()
    await page.waitForSelector('[data-testid="title-status"][data-phase="signedOut"]', wait)
  } finally {
    await page.close()
  }
}, 120_000)
