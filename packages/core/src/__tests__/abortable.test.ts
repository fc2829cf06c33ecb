import { getEventListeners } from 'node:events'
import { expect, test } from 'vitest'
import { anySignal, onAbort, raceSignal } from '../abortable.ts'

test('a thousand calls sharing one signal add one listener to it, and all abort together', async () => {
  const shared = new AbortController()
  const pending = Array.from({ length: 1000 }, () =>
    raceSignal(new Promise<never>(() => {}), shared.signal, () => new Error('closed')),
  )
  const combined = Array.from({ length: 1000 }, () => anySignal([shared.signal]))
  expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1)
  shared.abort()
  const results = await Promise.allSettled(pending)
  expect(results.every((r) => r.status === 'rejected')).toBe(true)
  expect(combined.every(({ signal }) => signal.aborted)).toBe(true)
})

test('an unsubscribed callback does not run, and settled races leave no callback behind', async () => {
  const controller = new AbortController()
  let calls = 0
  const unsubscribe = onAbort(controller.signal, () => calls++)
  onAbort(controller.signal, () => calls++)
  unsubscribe()
  await raceSignal(Promise.resolve(1), controller.signal, () => new Error('aborted'))
  controller.abort()
  expect(calls).toBe(1)
})
