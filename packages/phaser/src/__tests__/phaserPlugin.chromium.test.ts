import { fileURLToPath } from 'node:url'
import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import {
  type ChromiumSession,
  launchChromium,
  type PageServer,
  startPageServer,
} from '@gs2ez/test-utils'
import { afterAll, beforeAll, expect, test } from 'vitest'

// Real Chromium, a real Phaser 4 game with the plugin, the real emulator over HTTP: the login
// starts at boot, a scene awaits it, the game loop drives tick(), a revoked token is recovered
// once, and destroying the game leaves nothing running.

let emulator: RunningEmulator
let server: PageServer
let browser: ChromiumSession
const wait = { timeout: 20_000 }

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  server = await startPageServer({
    scripts: {
      '/app.js': fileURLToPath(new URL('./browser/phaserGamePage.ts', import.meta.url)),
    },
  })
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await emulator?.close()
})

/** Emulator admin calls carry the admin token once the emulator hands one out. */
const adminHeaders = (): Record<string, string> => {
  const token = (emulator as { adminToken?: string }).adminToken
  return token ? { 'x-gs2ez-admin-token': token } : {}
}

test('logs in at boot, ticks from the loop, re-authenticates once after a revoke, cleans up on destroy', async () => {
  const { clientId, clientSecret } = emulator.credentials.application
  const query = new URLSearchParams({
    endpointTemplate: emulator.endpointTemplate,
    clientId,
    clientSecret,
  })
  const page = await browser.context.newPage()
  try {
    await page.goto(`${server.url}/?${query}`)

    // Login at boot, seen by a scene through `await this.gs2ez.ready`.
    await page.waitForFunction(() => window.gs2ezPhaser?.sceneUserId !== undefined, null, wait)
    const userId = await page.evaluate(() => window.gs2ezPhaser.plugin()?.session?.userId)
    expect(await page.evaluate(() => window.gs2ezPhaser.sceneUserId)).toBe(userId)
    expect(await page.evaluate(() => window.gs2ezPhaser.events)).toEqual(['ready', 'loggedIn'])

    // The game loop drives tick(); Phaser's `hidden` pauses it and `visible` ticks at once.
    await page.waitForFunction(() => window.gs2ezPhaser.ticks >= 3, null, wait)
    const whileHidden = await page.evaluate(async () => {
      const { game } = window.gs2ezPhaser
      game.events.emit('hidden')
      const before = window.gs2ezPhaser.ticks
      await new Promise((resolve) => setTimeout(resolve, 300))
      const after = window.gs2ezPhaser.ticks
      game.events.emit('visible')
      return { before, after, resumed: window.gs2ezPhaser.ticks }
    })
    expect(whileHidden.after).toBe(whileHidden.before)
    expect(whileHidden.resumed).toBe(whileHidden.after + 1)

    // Revoked on the server: the next call gets a 401, the session re-authenticates once and
    // the plugin re-emits `reauthenticated`.
    const revoked = await page.evaluate(() => window.gs2ezPhaser.token())
    const response = await fetch(`${emulator.url}/__emulator/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...adminHeaders() },
      body: JSON.stringify({ token: revoked }),
    })
    expect(response.ok).toBe(true)
    expect(await page.evaluate(() => window.gs2ezPhaser.heartbeat())).toBe(200)
    expect(await page.evaluate(() => window.gs2ezPhaser.events)).toEqual([
      'ready',
      'loggedIn',
      'reauthenticated',
    ])
    expect(await page.evaluate(() => window.gs2ezPhaser.token())).not.toBe(revoked)

    // Destroy: the plugin's listeners are gone, its session is disposed, the loop stops ticking.
    const afterDestroy = await page.evaluate(async () => {
      const state = window.gs2ezPhaser
      const plugin = state.plugin()
      if (!plugin) throw new Error('no plugin')
      state.game.destroy(true)
      // Phaser destroys at the end of the current frame.
      await new Promise((resolve) => setTimeout(resolve, 200))
      const ticks = state.ticks
      await new Promise((resolve) => setTimeout(resolve, 200))
      return {
        listeners: plugin.events.eventNames().length,
        session: plugin.session === undefined,
        sessionEnded: state.sessionEnded,
        ticksStopped: state.ticks === ticks,
      }
    })
    expect(afterDestroy).toEqual({
      listeners: 0,
      session: true,
      sessionEnded: true,
      ticksStopped: true,
    })
  } finally {
    await page.close()
  }
}, 120_000)
