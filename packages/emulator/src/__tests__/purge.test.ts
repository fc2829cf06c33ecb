import { afterEach, expect, it, vi } from 'vitest'
import type { Emulator } from '../createEmulator.ts'
import { createEmulator } from '../createEmulator.ts'
import { manualClock } from './helpers/emulatorHarness.ts'

let emulator: Emulator | undefined
afterEach(() => {
  emulator?.close()
  vi.useRealTimers()
})

const admin = (e: Emulator, body: unknown) =>
  e.fetch(
    new Request('http://127.0.0.1/__emulator/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gs2ez-admin-token': e.adminToken },
      body: JSON.stringify(body),
    }),
  )

it('drops expired tokens from memory on its timer, so memory stays bounded', async () => {
  vi.useFakeTimers()
  const clock = manualClock()
  emulator = createEmulator({ clock, purgeIntervalMs: 1_000 })
  for (let i = 0; i < 50; i++)
    expect((await admin(emulator, { userId: `u${i}`, ttlSeconds: 10 })).status).toBe(200)
  expect((await admin(emulator, { userId: 'keeper', ttlSeconds: 3600 })).status).toBe(200)
  const { tables } = emulator.context.state
  expect(tables.accessTokens.size).toBe(51)

  clock.advance(10_000)
  expect(tables.accessTokens.size).toBe(51) // expired, but nothing swept yet
  vi.advanceTimersByTime(1_000)
  expect([...tables.accessTokens.values()].map((t) => t.userId)).toEqual(['keeper'])
})
