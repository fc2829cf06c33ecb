import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { afterEach, expect, test, vi } from 'vitest'
import { readDemoConfig } from '../config.ts'
import { DemoSession, type MethodStorage } from '../session/demoSession.ts'

// The cause of the flaky username tests: the SDK announces `signedOut` at the start of
// logout(), before the credentials are forgotten and the token revoked. The demo showed "You
// are signed out" on that event, so a reload (or a sign-in) right after could overtake the
// forgetting and find the old refresh token. The view must wait for the whole logout.

let emulator: RunningEmulator | undefined
let session: DemoSession | undefined
afterEach(async () => {
  await session?.dispose()
  await emulator?.close()
  session = emulator = undefined
})

const memoryStorage = (): MethodStorage => {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  }
}

test('the view says signed out only once logout has finished (revoke included)', async () => {
  emulator = await startEmulator({ port: 0 })
  let releaseRevoke: (() => void) | undefined
  // Holds the emulator revoke (the last step of logout) until the test lets it through.
  const heldFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url.endsWith('/__emulator/tokens/revoke')) {
      await new Promise<void>((resolve) => {
        releaseRevoke = resolve
      })
    }
    return fetch(input, init)
  }
  const storage = memoryStorage()
  session = new DemoSession({
    config: readDemoConfig({
      VITE_GS2_EMULATOR_URL: emulator.url,
      VITE_GS2EZ_EMULATOR_ADMIN_TOKEN: emulator.adminToken,
    }),
    fetch: heldFetch,
    storage: () => storage,
  })
  await session.login()
  expect(session.view.value.phase).toBe('ready')

  const loggingOut = session.logout()
  await vi.waitFor(() => expect(releaseRevoke).toBeDefined())
  // The SDK has already said `signedOut`; the logout is not done.
  expect(session.log.entries.value.map((entry) => entry.message)).toContain(
    'Signed out (logged out)',
  )
  expect(session.view.value.phase).toBe('ready')
  releaseRevoke?.()
  await loggingOut
  expect(session.view.value.phase).toBe('signedOut')
})
