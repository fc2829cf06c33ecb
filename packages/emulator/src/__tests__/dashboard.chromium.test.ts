import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ChromiumSession, launchChromium } from '@gs2ez/test-utils'
import { afterEach, expect, test } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { startHarness } from './helpers/emulatorHarness.ts'

let browser: ChromiumSession | undefined
let h: Harness | undefined
let site: Server | undefined
afterEach(async () => {
  await browser?.close()
  await h?.close()
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()))
  site = undefined
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

test('the accounts section lists username players a game server signs in, marked by kind', async () => {
  h = await startHarness()
  const device = await h.signIn()
  browser = await launchChromium()
  const page = await browser.context.newPage()
  await page.goto(h.emulator.dashboardUrl)
  await page.waitForSelector(`#accounts tr[data-user-id="${device.userId}"][data-kind="account"]`)

  // What apps/game-server does for a username player: the trusted auth login, no GS2-Account
  // account. It happens after the page loaded: the row must show up without a reload.
  const login = await h.call<{ token: string }>('POST', '/auth/login', {
    as: 'server',
    body: { userId: 'username-player' },
  })
  expect(login.status).toBe(200)
  const row = page.locator('#accounts tr[data-user-id="username-player"]')
  await row.waitFor()
  expect(await row.getAttribute('data-kind')).toBe('server')
  expect(await row.textContent()).toContain('server login')
  await expect.poll(() => page.textContent('[data-testid="server-user-count"]')).toBe('1')
  expect(await page.textContent('[data-testid="account-count"]')).toBe('1')
  // A server user has no account to delete: it can be forgotten (and its tokens revoked).
  expect(await page.locator('[data-testid="delete-account-username-player"]').count()).toBe(0)

  // The device player signed in by the game server too (a guest who registered a username).
  expect(
    (await h.call('POST', '/auth/login', { as: 'server', body: { userId: device.userId } })).status,
  ).toBe(200)
  const deviceRow = page.locator(`#accounts tr[data-user-id="${device.userId}"]`)
  await expect.poll(() => deviceRow.textContent()).toContain('GS2-Account + server')
  expect(await deviceRow.getAttribute('data-kind')).toBe('account')

  await page.click('[data-testid="forget-user-username-player"]')
  await row.waitFor({ state: 'detached' })
  expect(
    (await h.call('GET', '/auth/system/version', { accessToken: login.json.token })).status,
  ).toBe(401)
  await expect.poll(() => page.textContent('[data-testid="server-user-count"]')).toBe('0')

  // Both kinds page together, 50 a page: 55 more server users push the device player (the
  // oldest) to the second page.
  for (let i = 0; i < 55; i++) {
    expect((await h.admin('POST', '/tokens', { userId: `paged-${i}` })).status).toBe(200)
  }
  await expect.poll(() => page.locator('#accounts tr').count()).toBe(50)
  await deviceRow.waitFor({ state: 'detached' })
  await page.click('[data-testid="accounts-older"]')
  await deviceRow.waitFor()
  expect(await page.locator('#accounts tr').count()).toBe(6)
  expect(await deviceRow.getAttribute('data-kind')).toBe('account')
}, 60_000)

test('a foreign page in a real browser can neither control the emulator nor read its token', async () => {
  h = await startHarness()
  const player = await h.signIn()
  // Another site the developer has open: *.localhost resolves to loopback in Chromium, and its
  // origin is in no allow-list.
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>elsewhere</title>')
  })
  await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve))
  const sitePort = (site.address() as AddressInfo).port
  browser = await launchChromium()
  const page = await browser.context.newPage()
  await page.goto(`http://evil.localhost:${sitePort}/`)
  const before = JSON.stringify([
    (await h.admin<Record<string, unknown>>('GET', '/accounts')).json,
    (await h.admin('GET', '/tokens')).json,
    (await h.admin('GET', '/faults')).json,
  ])

  const outcome = await page.evaluate(
    async ({ base, userId }) => {
      const attempts: [string, string, string][] = [
        ['POST', '/__emulator/reset', '{}'],
        ['POST', '/__emulator/faults', JSON.stringify({ path: '/**', status: 503 })],
        ['POST', '/__emulator/tokens', JSON.stringify({ userId: 'forged' })],
        ['POST', '/__emulator/tokens/revoke', JSON.stringify({ userId })],
        ['POST', `/__emulator/accounts/default/${userId}/ban`, JSON.stringify({ name: 'x' })],
      ]
      const results: string[] = []
      for (const [method, path, body] of attempts) {
        // What needs no preflight: text/plain, opaque answer.
        await fetch(base + path, {
          method,
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body,
        }).catch(() => {})
        // JSON with a guessed token: the preflight fails for this origin.
        results.push(
          await fetch(base + path, {
            method,
            headers: { 'content-type': 'application/json', 'x-gs2ez-admin-token': 'guess' },
            body,
          }).then(
            (r) => `answered ${r.status}`,
            () => 'blocked',
          ),
        )
      }
      // Reading the dashboard (it holds the token): no CORS for this origin.
      results.push(
        await fetch(`${base}/__emulator/ui`).then(
          (r) => r.text(),
          () => 'blocked',
        ),
      )
      return results
    },
    { base: h.emulator.url, userId: player.userId },
  )
  expect(outcome).toEqual(Array(6).fill('blocked'))
  const after = JSON.stringify([
    (await h.admin<Record<string, unknown>>('GET', '/accounts')).json,
    (await h.admin('GET', '/tokens')).json,
    (await h.admin('GET', '/faults')).json,
  ])
  expect(after).toBe(before)
  expect((await h.call('GET', '/auth/system/version', { accessToken: player.token })).status).toBe(
    200,
  )
}, 60_000)
