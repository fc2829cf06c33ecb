import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import {
  type ChromiumRig,
  type LoggedRequest,
  pageState,
  startChromiumRig,
  waitReady,
} from './support/chromiumRig.ts'

// Real Chromium, real IndexedDB and BroadcastChannel, the real emulator over HTTP: what the unit
// tests simulate with fake-indexeddb and in-process channels, checked where it runs.

let rig: ChromiumRig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

async function setUp(tokenTtlSeconds = 3600) {
  rig = await startChromiumRig(tokenTtlSeconds)
  return rig
}

const pageUrl = (extra: Record<string, string> = {}) => {
  if (!rig) throw new Error('setUp() first')
  return rig.pageUrl(extra)
}

const emulatorRequests = (): Promise<LoggedRequest[]> => {
  if (!rig) throw new Error('setUp() first')
  return rig.emulatorRequests()
}

/** Every request a page sends to the emulator, counted by the browser itself. */
function countEmulatorRequests(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (request) => {
    if (rig && request.url().startsWith(rig.emulator.url)) {
      seen.push(`${request.method()} ${new URL(request.url()).pathname}`)
    }
  })
  return seen
}

const isAuthentication = (r: LoggedRequest) =>
  r.method === 'PUT' && /^\/account\/[^/]+\/account\/[^/]+$/.test(r.path)
const isLoginBySignature = (r: LoggedRequest) =>
  r.method === 'POST' && r.path === '/auth/login/signed'

test('a reload restores the session from IndexedDB with zero requests to the server', async () => {
  const { browser } = await setUp()
  const page = await browser.context.newPage()
  await page.goto(pageUrl())
  const first = await waitReady(page)
  expect(first.events.map((e) => e.type)).toContain('loggedIn')
  const before = (await emulatorRequests()).length
  expect(before).toBeGreaterThan(0)

  const afterReload = countEmulatorRequests(page)
  await page.reload()
  const restored = await waitReady(page)
  // A token read must come from the cache too, not only the startup.
  const token = await page.evaluate(() => window.__ezAccessToken())

  expect(restored.userId).toBe(first.userId)
  expect(restored.token).toBe(first.token)
  expect(token.token).toBe(first.token)
  expect(restored.events.map((e) => e.type)).toContain('restoredFromCache')
  expect(restored.events.map((e) => e.type)).not.toContain('storageDegraded')
  expect(afterReload).toEqual([])
  expect(await emulatorRequests()).toHaveLength(before)
}, 60_000)

test.each([
  ['with BroadcastChannel', false],
  ['without BroadcastChannel (old Safari): by polling the lease', true],
])(
  'three tabs near expiry re-authenticate once in total, %s',
  async (_name, withoutChannel) => {
    // A 12 s token is refreshed at 2/3 of its life (8 s); no jitter, so all three tabs reach the
    // deadline in the same instant and race for it.
    const { browser } = await setUp(12)
    if (withoutChannel) {
      await browser.context.addInitScript(() => {
        // The global must be absent, as in browsers without it, not merely undefined.
        delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel
      })
    }
    const url = pageUrl({ jitterMs: '0' })
    const first = await browser.context.newPage()
    await first.goto(url)
    const initial = await waitReady(first)
    expect(await first.evaluate(() => typeof BroadcastChannel)).toBe(
      withoutChannel ? 'undefined' : 'function',
    )
    const others = [await browser.context.newPage(), await browser.context.newPage()]
    const sentByOthers = others.map(countEmulatorRequests)
    for (const page of others) await page.goto(url)
    const restored = await Promise.all(others.map(waitReady))
    for (const state of restored) expect(state.token).toBe(initial.token)
    expect(sentByOthers.flat()).toEqual([])

    const baseline = (await emulatorRequests()).length
    const tabs = [first, ...others]
    await Promise.all(
      tabs.map((page) =>
        page.waitForFunction((token) => window.__ez.token !== token, initial.token, {
          timeout: 30_000,
        }),
      ),
    )
    // Leave room for a straggler that would refresh a second time.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const states = await Promise.all(tabs.map(pageState))
    const since = (await emulatorRequests()).slice(baseline)

    expect(new Set(states.map((s) => s.token)).size).toBe(1)
    expect(since.filter(isAuthentication)).toHaveLength(1)
    expect(since.filter(isLoginBySignature)).toHaveLength(1)
    const ranIt = states.filter((s) =>
      s.events.some((e) => e.type === 'reauthenticated' && e.source === 'thisTab'),
    )
    expect(ranIt).toHaveLength(1)
  },
  90_000,
)

test('with IndexedDB hanging, login fails with StorageUnavailableError and creates no account', async () => {
  const { browser } = await setUp()
  const page = await browser.context.newPage()
  // Like the Safari/iOS hangs (firebase-js-sdk #2167, #9132): open() never answers. A returning
  // player's account may be in there: a new account would fork them (issue 16).
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function open() {
      return {} as IDBOpenDBRequest
    }
  })
  await page.goto(pageUrl({ openTimeoutMs: '500' }))
  await expect(waitReady(page)).rejects.toThrow(/StorageUnavailableError/)
  const requests = await emulatorRequests()
  expect(requests.filter(isLoginBySignature)).toHaveLength(0)
  expect(JSON.stringify(requests)).not.toMatch(/POST[^}]*\/account\/default\/account"/)
}, 60_000)

test('with indexedDB.open throwing (private mode), login still works in memory', async () => {
  const { browser } = await setUp()
  const page = await browser.context.newPage()
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function open(): IDBOpenDBRequest {
      throw new DOMException(
        'The user denied permission to access the database.',
        'InvalidStateError',
      )
    }
  })
  await page.goto(pageUrl())
  const state = await waitReady(page)
  const degraded = state.events.filter((e) => e.type === 'storageDegraded')
  expect(degraded).toHaveLength(1)
  for (const event of degraded) {
    expect(event).toMatchObject({
      info: { reason: 'unavailable', error: { name: 'InvalidStateError' } },
    })
  }
  expect(state.token).toEqual(expect.any(String))
}, 60_000)

test('logging out in one tab signs the other tabs out, with no request from them', async () => {
  const { browser } = await setUp()
  const url = pageUrl()
  const first = await browser.context.newPage()
  await first.goto(url)
  await waitReady(first)
  const second = await browser.context.newPage()
  await second.goto(url)
  await waitReady(second)
  const sentBySecond = countEmulatorRequests(second)

  await first.evaluate(() => window.__ezLogout())
  await second.waitForFunction(() => window.__ez.sessionStatus === 'signedOut', undefined, {
    timeout: 10_000,
  })
  const state = await pageState(second)
  expect(state.token).toBeUndefined()
  expect(state.events).toContainEqual(
    expect.objectContaining({ type: 'signedOut', reason: 'otherTab' }),
  )
  expect(sentBySecond).toEqual([])
  // The next visit finds no cached session: it has to log in again.
  const third = await browser.context.newPage()
  await third.goto(url)
  const fresh = await waitReady(third)
  expect(fresh.events.map((e) => e.type)).toContain('loggedIn')
  expect(fresh.events.map((e) => e.type)).not.toContain('restoredFromCache')
}, 60_000)

test('a tab closed in the middle of a re-authentication holds the others for one lease, then one of them finishes the job', async () => {
  const { browser, emulator } = await setUp(12)
  const url = pageUrl({ jitterMs: '0' })
  const tabs = [await browser.context.newPage(), await browser.context.newPage()]
  for (const page of tabs) {
    await page.goto(url)
    await waitReady(page)
  }
  const initial = await pageState(tabs[0] as Page)
  const baseline = (await emulatorRequests()).length
  // The first tab to send its authentication never gets an answer; then it is closed, like a
  // tab killed mid-refresh. Its lease stays behind in IndexedDB.
  const puts: { page: Page; at: number }[] = []
  let leaderFound: (page: Page) => void = () => {}
  const leader = new Promise<Page>((resolve) => (leaderFound = resolve))
  for (const page of tabs) {
    await page.route(`${emulator.url}/account/**`, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue()
      puts.push({ page, at: Date.now() })
      if (puts.length === 1) {
        leaderFound(page)
        // Never answered, never passed on: the tab dies waiting.
        await new Promise(() => {})
      }
      return route.continue()
    })
  }
  const dead = await leader
  const survivor = tabs.find((page) => page !== dead) as Page
  await dead.close()
  await survivor.waitForFunction((token) => window.__ez.token !== token, initial.token, {
    timeout: 30_000,
  })
  const state = await pageState(survivor)
  const since = (await emulatorRequests()).slice(baseline)

  expect(puts).toHaveLength(2)
  expect(puts[1]?.page).toBe(survivor)
  // It waited for the lease (10 s) to run out, and not much longer.
  const waited = (puts[1]?.at ?? 0) - (puts[0]?.at ?? 0)
  expect(waited).toBeGreaterThanOrEqual(9_000)
  expect(waited).toBeLessThan(14_000)
  // Chromium lets the dead tab's paused request go when the page closes, like a request already
  // on the wire when a tab is killed; its answer is lost, so the sign-in itself happens once.
  expect(since.filter(isAuthentication).length).toBeLessThanOrEqual(2)
  expect(since.filter(isLoginBySignature)).toHaveLength(1)
  expect(state.events).toContainEqual(
    expect.objectContaining({ type: 'reauthenticated', source: 'thisTab' }),
  )
}, 90_000)
