import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import { type ChromiumRig, pageState, startChromiumRig, waitReady } from './support/chromiumRig.ts'

// Issue 16 §1: "never create an account while a session of a known account is alive in this tab
// or another tab". Site data cleared while a tab plays leaves that tab's credential in memory
// only; a tab opened (or a reload made) before its next re-authentication would find an empty
// store and start a new game. The playing tab hears the wipe and writes the player back.

let rig: ChromiumRig | undefined
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

async function open(r: ChromiumRig): Promise<Page> {
  const page = await r.browser.context.newPage()
  await page.goto(r.pageUrl())
  await waitReady(page)
  return page
}

const accountCount = async (r: ChromiumRig) =>
  ((await r.admin('GET', '/accounts?namespaceName=default')) as { items: unknown[] }).items.length

const accountsCreated = async (r: ChromiumRig) =>
  (await r.emulatorRequests()).filter(
    (q) => q.method === 'POST' && /^\/account\/[^/]+\/account$/.test(q.path),
  ).length

const restoredEvent = (page: Page) =>
  page.waitForFunction(() => window.__ez.events.some((e) => e.type === 'storageRestored'))

/** Both ways a browser deletes a game's IndexedDB under an open tab. */
const wipes: [string, (r: ChromiumRig, playing: Page) => Promise<void>][] = [
  [
    'site data cleared (Storage.clearDataForOrigin, as "clear browsing data")',
    async (r, playing) => {
      const cdp = await r.browser.context.newCDPSession(playing)
      await cdp.send('Storage.clearDataForOrigin', {
        origin: new URL(r.server.url).origin,
        storageTypes: 'all',
      })
    },
  ],
  [
    'the database deleted from another page of the origin',
    async (r) => {
      const other = await r.browser.context.newPage()
      // The fixture without its query stops before it opens anything: a bare page of the origin.
      await other.goto(`${r.server.url}/`)
      await other.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.deleteDatabase('gs2ez')
            request.onsuccess = () => resolve()
            request.onerror = () => reject(request.error)
          }),
      )
      await other.close()
    },
  ],
]

for (const [name, wipe] of wipes) {
  test(`${name}: the playing tab writes the player back; a new tab and a reload are the same player`, async () => {
    rig = await startChromiumRig()
    const playing = await open(rig)
    const player = (await pageState(playing)).userId
    expect(await accountsCreated(rig)).toBe(1)

    await wipe(rig, playing)
    await restoredEvent(playing)
    expect(await playing.evaluate(() => window.__ezStoredUserId())).toBe(player)

    // The player opens the game in another tab: the same player, from the token written back.
    const requestsBefore = (await rig.emulatorRequests()).length
    const second = await open(rig)
    expect((await pageState(second)).userId).toBe(player)
    expect(await rig.emulatorRequests()).toHaveLength(requestsBefore)
    await second.close()
    // Closing the game and starting it again: still the same player.
    await playing.reload()
    expect((await waitReady(playing)).userId).toBe(player)
    expect(await accountsCreated(rig)).toBe(1)
    expect(await accountCount(rig)).toBe(1)
  }, 120_000)
}
