import { fileURLToPath } from 'node:url'
import {
  type ChromiumSession,
  launchChromium,
  type PageServer,
  startPageServer,
} from '@gs2ez/test-utils'
import type { Page } from 'playwright-core'
import { afterEach, expect, test } from 'vitest'
import type { OAuthPageState } from './fixtures/oauthLoginPage.ts'
import { CLIENT_ID, type Stack, startStack, totpAt } from './fixtures/stack.ts'

// Real Chromium, the real game server and the real emulator: "Sign in with username" + TOTP
// through Profile and the OAuth2PasswordAuthenticator, as a game page would do it.

let stack: Stack | undefined
let pages: PageServer | undefined
let browser: ChromiumSession | undefined
afterEach(async () => {
  await browser?.close()
  await pages?.close()
  await stack?.close()
  browser = pages = stack = undefined
})

const pageState = (page: Page): Promise<OAuthPageState> => page.evaluate(() => window.__oauth)
const waitReady = (page: Page) =>
  page.waitForFunction(
    () => window.__oauth?.status === 'ready' || window.__oauth?.status === 'error',
  )

async function setUp(extra: Record<string, string> = {}, gs2LatencyMs?: number) {
  stack = await startStack(gs2LatencyMs === undefined ? {} : { gs2LatencyMs })
  const registered = await stack.register({
    username: 'tess',
    password: 'tess-password',
    twoFactor: 'totp',
  })
  const secret = (registered.totp as { secret: string }).secret
  pages = await startPageServer({
    scripts: { '/app.js': fileURLToPath(new URL('./fixtures/oauthLoginPage.ts', import.meta.url)) },
  })
  browser = await launchChromium()
  const { clientId, clientSecret } = stack.emulator.credentials.application
  const url = `${pages.url}/?${new URLSearchParams({
    endpointTemplate: stack.emulator.endpointTemplate,
    clientId,
    clientSecret,
    gameServer: stack.url,
    oauthClientId: CLIENT_ID,
    ...extra,
  })}`
  return { stack, browser, url, secret }
}

/** Types the username and password, then the code an authenticator app shows. */
async function signIn(page: Page, stack: Stack, secret: string) {
  await page.waitForSelector('form#sign-in')
  await page.fill('form#sign-in input[name=username]', 'tess')
  await page.fill('form#sign-in input[name=password]', 'tess-password')
  await page.click('form#sign-in button')
  await page.waitForSelector('form#second-factor')
  expect(await page.textContent('form#second-factor .title')).toBe(
    'Enter the 6-digit code from your authenticator app.',
  )
  // The authenticator app: otplib in Node at the game server's clock.
  await page.fill('form#second-factor input[name=code]', await totpAt(secret, stack.clock))
  await page.click('form#second-factor button')
  await waitReady(page)
}

test('a player signs in with username, password and a TOTP code; reloads and re-authentications never prompt again', async () => {
  const { stack, browser, url, secret } = await setUp()
  const page = await browser.context.newPage()
  await page.goto(url)
  await signIn(page, stack, secret)
  const signedIn = await pageState(page)
  expect(signedIn).toMatchObject({ status: 'ready', prompts: ['credentials:signIn', 'code:totp'] })
  const issued = await stack.gs2Tokens(signedIn.userId ?? '')
  expect(issued.map((t) => t.userId)).toEqual([signedIn.userId])

  // A reload restores the session from IndexedDB: no prompt, no new token.
  await page.reload()
  await waitReady(page)
  expect(await pageState(page)).toMatchObject({
    status: 'ready',
    userId: signedIn.userId,
    prompts: [],
  })
  expect(await stack.gs2Tokens(signedIn.userId ?? '')).toHaveLength(1)

  // A forced re-authentication (a 401 would do the same) uses the stored refresh token.
  const fresh = await page.evaluate(() => window.__reauthenticate())
  expect(fresh).not.toBe(signedIn.token)
  expect((await pageState(page)).prompts).toEqual([])
  expect(await stack.gs2Tokens(signedIn.userId ?? '')).toHaveLength(2)

  // Sign-out with forgetCredentials deletes (and revokes) the refresh token: the next load asks.
  await page.evaluate(() => window.__logout())
  await page.reload()
  await page.waitForSelector('form#sign-in')
  expect((await pageState(page)).prompts).toEqual(['credentials:signIn'])
}, 60_000)

test('two tabs without cross-tab coordination re-authenticating at once both stay signed in (grace window)', async () => {
  // GS2 answers the game server 300 ms late, so both tabs surely present the same token.
  const { stack, browser, url, secret } = await setUp({ crossTab: '0' }, 300)
  const first = await browser.context.newPage()
  await first.goto(url)
  await signIn(first, stack, secret)
  const second = await browser.context.newPage()
  await second.goto(url)
  await waitReady(second)
  expect((await pageState(second)).prompts).toEqual([])

  // Both tabs read the same refresh token from IndexedDB and present it at the same time.
  const [a, b] = await Promise.all([
    first.evaluate(() => window.__reauthenticate()),
    second.evaluate(() => window.__reauthenticate()),
  ])
  expect(b).toBe(a)
  // Later, each tab refreshes again with what is stored: nobody was signed out or asked.
  stack.clock.advance(11_000)
  await first.evaluate(() => window.__reauthenticate())
  await second.evaluate(() => window.__reauthenticate())
  expect((await pageState(first)).prompts).toEqual(['credentials:signIn', 'code:totp'])
  expect((await pageState(second)).prompts).toEqual([])
  const userId = (await pageState(first)).userId ?? ''
  // The sign-in, one refresh shared by both tabs, then one refresh each.
  expect(await stack.gs2Tokens(userId)).toHaveLength(4)
}, 60_000)
