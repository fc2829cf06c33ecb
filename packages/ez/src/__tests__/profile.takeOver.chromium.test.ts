import { type ChromiumSession, launchChromium } from '@gs2ez/test-utils'
import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import type { TransferCode } from '../transferCode.ts'
import { type ChromiumRig, pageState, startChromiumRig, waitReady } from './support/chromiumRig.ts'

// Issue 16, in real Chromium: two browser profiles (two user-data dirs) are two devices. Each
// page logs in with the public API like a game (the loginPage fixture).

let rig: ChromiumRig | undefined
const others: ChromiumSession[] = []
afterEach(async () => {
  for (const browser of others.splice(0)) await browser.close()
  await rig?.close()
  rig = undefined
})

/** Another browser profile: its own IndexedDB, its own BroadcastChannels. */
async function anotherBrowser(): Promise<ChromiumSession> {
  const browser = await launchChromium()
  others.push(browser)
  return browser
}

async function open(browser: ChromiumSession, extra: Record<string, string> = {}): Promise<Page> {
  if (!rig) throw new Error('no rig')
  const page = await browser.context.newPage()
  await page.goto(rig.pageUrl(extra))
  await waitReady(page)
  return page
}

const accountCount = async (r: ChromiumRig) =>
  ((await r.admin('GET', '/accounts?namespaceName=default')) as { items: unknown[] }).items.length

const createCode = (page: Page) => page.evaluate(() => window.__ezCreateTransferCode())

/** The player types the code by hand: lower case, spaces. */
const typed = (code: TransferCode) => ({
  userIdentifier: code.userIdentifier.toLowerCase().replaceAll('-', ' '),
  password: code.password.toLowerCase(),
})

test('a transfer code moves the player from browser A to browser B, A signs out movedToAnotherDevice, and after A is wiped the code brings the player back', async () => {
  rig = await startChromiumRig()
  await rig.admin('PATCH', '/namespaces/default', { changePasswordIfTakeOver: true })
  const a = await open(rig.browser)
  const player = (await pageState(a)).userId as string
  const code = await createCode(a)
  expect(code.userIdentifier).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)

  // Browser B played once already: its own account is replaced.
  const b = await open(await anotherBrowser())
  const bOwn = (await pageState(b)).userId as string
  expect(bOwn).not.toBe(player)
  expect(await b.evaluate((c) => window.__ezTakeOver(c), typed(code))).toBe(player)
  expect(await b.evaluate(() => window.__ezStoredUserId())).toBe(player)
  expect(await b.evaluate(() => window.__ezTombstones())).toEqual([
    { userId: bOwn, at: expect.any(Number), reason: 'replacedByTakeOver' },
  ])
  // A reload of B plays the same player.
  await b.reload()
  expect((await waitReady(b)).userId).toBe(player)

  // A's next re-authentication: its password was changed by the takeover.
  await expect(a.evaluate(() => window.__ezReauthenticate())).rejects.toThrow(/moved/)
  const stateA = await pageState(a)
  expect(stateA.sessionStatus).toBe('signedOut')
  expect(stateA.events).toContainEqual(
    expect.objectContaining({ type: 'signedOut', reason: 'movedToAnotherDevice' }),
  )
  expect(await a.evaluate(() => window.__ezStoredUserId())).toBeUndefined()
  expect(await a.evaluate(() => window.__ezTombstones())).toEqual([
    { userId: player, at: expect.any(Number), reason: 'movedToAnotherDevice' },
  ])

  // A's site data is wiped ("clear browsing data"): a fresh start is a new game...
  const cdp = await rig.browser.context.newCDPSession(a)
  await cdp.send('Storage.clearDataForOrigin', {
    origin: new URL(rig.server.url).origin,
    storageTypes: 'all',
  })
  await a.reload()
  const fresh = await waitReady(a)
  expect(fresh.userId).not.toBe(player)
  expect(await a.evaluate(() => window.__ezTombstones())).toEqual([])
  // ...until the player types the code: the same player again.
  expect(await a.evaluate((c) => window.__ezTakeOver(c), typed(code))).toBe(player)
  await a.reload()
  expect((await waitReady(a)).userId).toBe(player)
  // One account per player, and the wiped start's: never a fork of the player's.
  expect(await accountCount(rig)).toBe(3)
}, 180_000)

test("a takeover in one tab switches B's other tab to the account taken over", async () => {
  rig = await startChromiumRig()
  const a = await open(rig.browser)
  const player = (await pageState(a)).userId as string
  const code = await createCode(a)

  const browserB = await anotherBrowser()
  const tab1 = await open(browserB)
  const tab2 = await open(browserB)
  const bOwn = (await pageState(tab2)).userId
  expect((await pageState(tab1)).userId).toBe(bOwn)

  expect(await tab1.evaluate((c) => window.__ezTakeOver(c), code)).toBe(player)
  // Tab 2 hears it, signs out as switchedAccount and (like a game) logs in again: the player.
  await tab2.waitForFunction((p) => window.__ez.userId === p, player, { timeout: 20_000 })
  const state2 = await pageState(tab2)
  expect(state2.events).toContainEqual(
    expect.objectContaining({ type: 'signedOut', reason: 'switchedAccount' }),
  )
  expect(state2.sessionStatus).toBe('active')
  expect(state2.logins).toBe(2)
  // A keeps playing (no changePasswordIfTakeOver): both devices are the same player.
  expect(await a.evaluate(() => window.__ezReauthenticate())).toBe(player)
}, 180_000)

test('a returning player with IndexedDB hung: no account is created (counted on the emulator), or a flagged temporary one when opted in', async () => {
  rig = await startChromiumRig()
  const first = await open(rig.browser)
  const player = (await pageState(first)).userId
  await first.close()
  expect(await accountCount(rig)).toBe(1)

  const hang = async (page: Page) =>
    page.addInitScript(() => {
      IDBFactory.prototype.open = function open() {
        return {} as IDBOpenDBRequest
      }
    })
  const failing = await rig.browser.context.newPage()
  await hang(failing)
  await failing.goto(rig.pageUrl({ openTimeoutMs: '500' }))
  await expect(waitReady(failing)).rejects.toThrow(/StorageUnavailableError/)
  expect(await accountCount(rig)).toBe(1)

  const temporary = await rig.browser.context.newPage()
  await hang(temporary)
  await temporary.goto(
    rig.pageUrl({ openTimeoutMs: '500', onStorageUnavailable: 'temporaryAccount' }),
  )
  const state = await waitReady(temporary)
  expect(state.temporary).toBe(true)
  expect(state.userId).not.toBe(player)
  expect(state.events).toContainEqual(
    expect.objectContaining({ type: 'loggedIn', temporary: true }),
  )
  expect(state.events).toContainEqual(
    expect.objectContaining({ type: 'temporaryAccount', userId: state.userId }),
  )
  expect(await accountCount(rig)).toBe(2)

  // IndexedDB answers again: the real player, never the temporary one.
  const healthy = await open(rig.browser)
  expect((await pageState(healthy)).userId).toBe(player)
  expect((await pageState(healthy)).temporary).toBe(false)
}, 180_000)

test('a 404 that is not the account service saying the account is gone leaves the stored account in place', async () => {
  rig = await startChromiumRig()
  const page = await open(rig.browser)
  const player = (await pageState(page)).userId
  // A proxy or a namespace gone missing answers 404 to the authentication.
  await page.route(`${rig.emulator.url}/account/**`, (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({
          status: 404,
          contentType: 'application/json',
          body: JSON.stringify({
            message: JSON.stringify([
              { component: 'namespace', message: 'not found', code: 'account.namespace.notFound' },
            ]),
          }),
        })
      : route.continue(),
  )
  await expect(page.evaluate(() => window.__ezReauthenticate())).rejects.toThrow(/404|namespace/)
  expect(await page.evaluate(() => window.__ezStoredUserId())).toBe(player)
  expect(await page.evaluate(() => window.__ezTombstones())).toEqual([])
  expect((await pageState(page)).sessionStatus).not.toBe('signedOut')
  await page.unroute(`${rig.emulator.url}/account/**`)
  expect(await page.evaluate(() => window.__ezReauthenticate())).toBe(player)
  expect(await accountCount(rig)).toBe(1)
}, 120_000)
