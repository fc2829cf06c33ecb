import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import { type ChromiumRig, startChromiumRig, waitReady } from './support/chromiumRig.ts'

// The two fixes of issue 11, tried in real Chromium as an unlucky player would: GS2 unreachable
// across the token's expiry (offline, then 503s). A game loop reads the token every 100 ms.

let running: ChromiumRig | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

interface Read {
  ok: boolean
  at: number
  token?: string
  expire?: number
  name?: string
}

declare global {
  interface Window {
    __reads: Read[]
    __net: { inFlight: number; max: number }
  }
}

/** Counts the page's concurrent requests to the emulator (attempts are the only senders). */
async function countConcurrency(page: Page, emulatorUrl: string) {
  await page.addInitScript((origin: string) => {
    const net = { inFlight: 0, max: 0 }
    window.__net = net
    const original = window.fetch.bind(window)
    window.fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (!url.startsWith(origin)) return original(input, init)
      net.inFlight += 1
      net.max = Math.max(net.max, net.inFlight)
      try {
        return await original(input, init)
      } finally {
        net.inFlight -= 1
      }
    }
  }, emulatorUrl)
}

/** A game loop: reads the token every 100 ms and records what it got. */
const startReading = (page: Page) =>
  page.evaluate(() => {
    window.__reads = []
    setInterval(() => {
      window.__ezAccessToken().then(
        (t) => window.__reads.push({ ok: true, at: Date.now(), token: t.token, expire: t.expire }),
        (e: unknown) =>
          window.__reads.push({ ok: false, at: Date.now(), name: String((e as Error)?.name) }),
      )
    }, 100)
  })

const reads = (page: Page) => page.evaluate(() => window.__reads)
const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))

/** Waits for the first read of a token other than `old`; returns when it was read. */
async function firstNewToken(page: Page, old: string, since: number): Promise<number> {
  await page.waitForFunction(
    ([token, after]) => window.__reads.some((r) => r.ok && r.token !== token && r.at >= after),
    [old, since] as const,
    { timeout: 20_000, polling: 100 },
  )
  const got = (await reads(page)).find((r) => r.ok && r.token !== old && r.at >= since)
  return got?.at ?? Number.POSITIVE_INFINITY
}

/** Every token a read handed out still had over a second to live on the server's clock. */
const expectNoExpiredToken = (all: Read[]) => {
  const served = all.filter((r) => r.ok)
  expect(served.length).toBeGreaterThan(0)
  for (const read of served) expect((read.expire ?? 0) - read.at).toBeGreaterThan(1_000)
}

/** A 20 s token (refreshed at ~13 s), a game loop reading it, and time to 12 s before expiry. */
async function loggedInAndReading() {
  const started = await startChromiumRig(20)
  running = started
  const page = await started.browser.context.newPage()
  await countConcurrency(page, started.emulator.url)
  await page.goto(started.pageUrl({ jitterMs: '0' }))
  const first = await waitReady(page)
  const expire = first.expire ?? 0
  await startReading(page)
  await sleepUntil(expire - 12_000)
  return { rig: started, page, first, expire }
}

test('offline across expiry: no expired token is ever returned; back online, a token within 10 s', async () => {
  // The device goes offline ~8 s into the token's life, before its refresh.
  const { rig, page, first, expire } = await loggedInAndReading()
  await rig.browser.context.setOffline(true)
  await sleepUntil(expire + 6_000)
  const offline = await reads(page)
  expectNoExpiredToken(offline)
  const afterExpiry = offline.filter((r) => r.at > expire)
  expect(afterExpiry.length).toBeGreaterThan(10)
  expect(afterExpiry.every((r) => !r.ok)).toBe(true)
  expect(afterExpiry.map((r) => r.name)).toContain('ReauthenticationPendingError')

  const onlineAt = Date.now()
  await rig.browser.context.setOffline(false)
  const gotAt = await firstNewToken(page, first.token ?? '', onlineAt)
  expect(gotAt - onlineAt).toBeLessThanOrEqual(10_000)
  expectNoExpiredToken(await reads(page))
  expect(await page.evaluate(() => window.__net.max)).toBe(1)
}, 90_000)

test('503s across expiry, then GS2 answers again: a waiting read gets a token within 10 s, one attempt at a time', async () => {
  const { rig, page, first, expire } = await loggedInAndReading()
  await rig.admin('POST', '/faults', {
    api: 'auth.loginBySignature',
    status: 503,
    durationMs: 120_000,
  })
  // Long enough past expiry for an uncapped backoff to have grown well beyond 10 s.
  await sleepUntil(expire + 15_000)
  const during = await reads(page)
  expectNoExpiredToken(during)
  expect(during.filter((r) => r.at > expire).every((r) => !r.ok)).toBe(true)

  const liftedAt = Date.now()
  await rig.admin('DELETE', '/faults')
  const gotAt = await firstNewToken(page, first.token ?? '', liftedAt)
  expect(gotAt - liftedAt).toBeLessThanOrEqual(10_000)
  expectNoExpiredToken(await reads(page))
  expect(await page.evaluate(() => window.__net.max)).toBe(1)
}, 90_000)
