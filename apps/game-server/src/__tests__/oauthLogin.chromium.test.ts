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

const pageState = (page: Page) => page.evaluate(() => window.__oauth)
const waitReady = (page: Page) =>
  page.waitForFunction(
    () => window.__oauth?.status === 'ready' || window.__oauth?.status === 'error',
  )

test('a player signs in with username, password and a TOTP code; reloads and re-authentications never prompt again', async () => {
  stack = await startStack()
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
  })}`
  const page = await browser.context.newPage()
  await page.goto(url)

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
  const signedIn: OAuthPageState = await pageState(page)
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

  // Sign-out with forgetCredentials revokes the refresh token at the game server.
  await page.evaluate(() => window.__logout())
  await page.reload()
  await page.waitForSelector('form#sign-in')
  expect((await pageState(page)).prompts).toEqual(['credentials:signIn'])
}, 60_000)
