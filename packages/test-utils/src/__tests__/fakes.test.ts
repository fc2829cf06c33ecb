import { describe, expect, test, vi } from 'vitest'
import { FakeEnvironment } from '../fakeEnvironment.ts'
import { ManualTime } from '../manualTime.ts'
import { recordingFetch } from '../recordingFetch.ts'
import { startRecordingServer } from '../recordingServer.ts'
import { recordingTimers } from '../recordingTimers.ts'

describe('ManualTime', () => {
  test('fires due timers in order as time advances, never on a jump', async () => {
    const time = new ManualTime(1_000)
    const fired: string[] = []
    time.timers.setTimeout(() => fired.push(`b@${time.now}`), 200)
    time.timers.setTimeout(() => fired.push(`a@${time.now}`), 100)
    const dropped = time.timers.setTimeout(() => fired.push('never'), 150)
    time.timers.clearTimeout(dropped)
    time.jump(50)
    expect(fired).toEqual([])
    await time.advance(150)
    expect(fired).toEqual(['a@1100', 'b@1200'])
    expect(time.skewed(-1_000).now()).toBe(200)
  })
})

test('FakeEnvironment calls listeners until they unsubscribe', () => {
  const env = new FakeEnvironment()
  const heard = vi.fn()
  const off = env.addEventListener('online', heard)
  env.fire('online')
  off()
  env.fire('online')
  expect(heard).toHaveBeenCalledTimes(1)
  expect(env.listenerCount).toBe(0)
})

test('recordingTimers records delays and counts', () => {
  vi.useFakeTimers()
  try {
    const rec = recordingTimers()
    const handle = rec.timers.setTimeout(() => {}, 250)
    rec.timers.clearTimeout(handle)
    expect(rec.delays).toEqual([250])
    expect([rec.set, rec.cleared]).toEqual([1, 1])
    expect(vi.getTimerCount()).toBe(0)
  } finally {
    vi.useRealTimers()
  }
})

test('recordingFetch records what was sent and the peak concurrency', async () => {
  const server = await startRecordingServer(() => ({ body: { ok: true } }))
  try {
    const rec = recordingFetch()
    const base = server.endpointTemplate.replace('{service}', 'x')
    await Promise.all([rec.fetch(`${base}/a`), rec.fetch(`${base}/b`, { method: 'POST' })])
    expect(rec.requests.sort()).toEqual(['GET /x/a', 'POST /x/b'])
    expect(rec.maxInFlight).toBe(2)
    expect(rec.inFlight).toBe(0)
  } finally {
    await server.close()
  }
})
