import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** Where the real browser lives; Debian's `chromium` package puts it here. */
export const chromiumPath = (): string => process.env.GS2EZ_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Flags that keep Chromium quiet on a machine without outside network: without the
 * background-networking ones it floods the closed network with refused connections.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const

export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError'
}

export interface ChromiumSession {
  readonly context: BrowserContext
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Launches real Chromium with a fresh, persistent profile (so IndexedDB survives reloads and
 * is shared by every tab of the context). Fails loudly when Chromium is missing: browser tests
 * must never skip in silence.
 */
export async function launchChromium(): Promise<ChromiumSession> {
  const executablePath = chromiumPath()
  if (!existsSync(executablePath)) {
    throw new ChromiumMissingError(
      `Chromium is missing at ${executablePath}. Install it with \`apt-get install -y chromium\` ` +
        '(or set GS2EZ_CHROMIUM). Browser tests are required and never skipped.',
    )
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'gs2ez-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...chromiumArgs],
  })
  const close = async () => {
    await context.close()
    await rm(userDataDir, { recursive: true, force: true })
  }
  return { context, close, [Symbol.asyncDispose]: close }
}
