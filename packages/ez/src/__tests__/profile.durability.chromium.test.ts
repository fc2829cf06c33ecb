import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import { type ChromiumRig, pageState, startChromiumRig, waitReady } from './support/chromiumRig.ts'

// Storage durability in real Chromium: the loginPage fixture logs in with the public API and
// default options; an init script records, in one ordered log, the page's requests to the
// emulator and every call to the real navigator.storage (StorageManager.prototype), so the test
// sees when the SDK asked the browser relative to the login.

let running: ChromiumRig | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

interface LogEntry {
  what: string
  value?: unknown
}

declare global {
  interface Window {
    __log: LogEntry[]
  }
}

async function recordStorageAndRequests(page: Page, emulatorUrl: string) {
  await page.addInitScript((origin: string) => {
    const log: LogEntry[] = []
    window.__log = log
    const proto = StorageManager.prototype as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >
    for (const method of ['persist', 'persisted', 'estimate']) {
      const original = proto[method]
      if (original === undefined) continue
      proto[method] = function (this: StorageManager, ...args: unknown[]) {
        log.push({ what: method })
        return original.apply(this, args).then((value) => {
          log.push({ what: `${method} answered`, value })
          return value
        })
      }
    }
    const fetchOriginal = window.fetch.bind(window)
    window.fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (!url.startsWith(origin)) return fetchOriginal(input, init)
      const path = new URL(url).pathname
      log.push({ what: `request ${path}` })
      const response = await fetchOriginal(input, init)
      log.push({ what: `response ${path}` })
      return response
    }
  }, emulatorUrl)
}

const log = (page: Page) => page.evaluate(() => window.__log)
const storageCalls = (entries: LogEntry[]) =>
  entries.filter((e) => ['persist', 'persisted', 'estimate'].includes(e.what)).map((e) => e.what)

async function durabilityEvent(page: Page): Promise<Record<string, unknown>> {
  await page.waitForFunction(() => window.__ez.events.some((e) => e.type === 'storageDurability'))
  const state = await pageState(page)
  const event = state.events.find((e) => e.type === 'storageDurability')
  if (event === undefined) throw new Error('no storageDurability event')
  return event
}

test('the real persist() is asked after the login, never before; the event carries the real usage and quota', async () => {
  const rig = await startChromiumRig()
  running = rig
  const page = await rig.browser.context.newPage()
  await recordStorageAndRequests(page, rig.emulator.url)
  await page.goto(rig.pageUrl())
  await waitReady(page)
  const event = await durabilityEvent(page)

  const entries = await log(page)
  const whats = entries.map((e) => e.what)
  const loginDone = whats.lastIndexOf('response /auth/login/signed')
  expect(loginDone, JSON.stringify(whats)).toBeGreaterThan(0)
  const firstStorageCall = whats.findIndex((w) => ['persist', 'persisted', 'estimate'].includes(w))
  expect(firstStorageCall).toBeGreaterThan(loginDone)
  // Headless Chromium's heuristics deny a site the player never engaged with.
  expect(storageCalls(entries)).toEqual(['persisted', 'persist', 'estimate'])
  expect(entries.find((e) => e.what === 'persist answered')?.value).toBe(false)

  const real = (await page.evaluate(() => navigator.storage.estimate())) as {
    usage: number
    quota: number
  }
  expect(event).toMatchObject({ type: 'storageDurability', persisted: false })
  // Chromium's quota moves with the origin's usage (the session's own writes after the report),
  // so the browser's figures match up to that.
  expect(event.quota).toBeGreaterThan(0)
  expect(Math.abs(Number(event.quota) - real.quota)).toBeLessThanOrEqual(16 * 2 ** 20)
  expect(typeof event.usage).toBe('number')
  expect(event.usage).toBeGreaterThanOrEqual(0)
  expect(event.usage).toBeLessThanOrEqual(real.usage + 1_000_000)
}, 60_000)

test('an origin the browser already persists is never asked again, and a failed login asks nothing', async () => {
  const rig = await startChromiumRig()
  running = rig
  const page = await rig.browser.context.newPage()
  await recordStorageAndRequests(page, rig.emulator.url)
  // A login that fails (wrong application secret): nothing is asked of the browser.
  await page.goto(rig.pageUrl({ clientSecret: 'wrong-secret' }))
  await page.waitForFunction(() => window.__ez?.status === 'error')
  expect(storageCalls(await log(page))).toEqual([])

  // Chromium grants persistent storage to the origin (as its heuristics would for an installed
  // app): persisted() says so and the SDK does not ask.
  const cdp = await rig.browser.context.newCDPSession(page)
  await cdp.send('Browser.grantPermissions', {
    origin: new URL(rig.server.url).origin,
    permissions: ['durableStorage'],
  })
  await page.goto(rig.pageUrl())
  await waitReady(page)
  const event = await durabilityEvent(page)
  expect(storageCalls(await log(page))).toEqual(['persisted', 'estimate'])
  expect(event).toMatchObject({ type: 'storageDurability', persisted: true })
  expect(typeof event.quota).toBe('number')
}, 60_000)
