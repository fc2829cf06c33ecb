import { systemTimers } from '@gs2ez/core'
import { FakeEnvironment } from '@gs2ez/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeadlineScheduler } from '../deadlineScheduler.ts'

// Core's default timers look the globals up at call time, so vitest's fake timers drive them.
const timers = systemTimers

describe('DeadlineScheduler', () => {
  let env: FakeEnvironment
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 })
    env = new FakeEnvironment()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const make = (onDue = vi.fn(), extra: { maxTimerMs?: number } = {}) => {
    const environment = vi.fn(() => env)
    const scheduler = new DeadlineScheduler({
      now: () => Date.now(),
      timers,
      environment,
      onDue,
      ...extra,
    })
    return { scheduler, onDue, environment }
  }

  it('starts no timer and no listener before a deadline exists (Node/SSR safe)', () => {
    const { environment } = make()
    expect(vi.getTimerCount()).toBe(0)
    expect(environment).not.toHaveBeenCalled()
    expect(env.listenerCount).toBe(0)
  })

  it('fires once at the deadline', () => {
    const { scheduler, onDue } = make()
    scheduler.schedule(Date.now() + 10_000)
    vi.advanceTimersByTime(9_999)
    expect(onDue).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onDue).toHaveBeenCalledTimes(1)
    expect(onDue).toHaveBeenCalledWith('timer')
    vi.advanceTimersByTime(60_000)
    expect(onDue).toHaveBeenCalledTimes(1)
  })

  it('notices a deadline passed during sleep on the wake event, before the late timer', () => {
    const { scheduler, onDue } = make()
    scheduler.schedule(Date.now() + 60_000)
    // The laptop sleeps: the wall clock jumps an hour, no timer runs.
    vi.setSystemTime(Date.now() + 3_600_000)
    env.fire('visibilitychange')
    expect(onDue).toHaveBeenCalledWith('visibilitychange')
  })

  it.each(['pageshow', 'focus', 'online', 'resume'] as const)('re-checks on %s', (event) => {
    const { scheduler, onDue } = make()
    scheduler.schedule(Date.now() + 60_000)
    vi.setSystemTime(Date.now() + 61_000)
    env.fire(event)
    expect(onDue).toHaveBeenCalledWith(event)
  })

  it('ignores visibilitychange to hidden', () => {
    const { scheduler, onDue } = make()
    scheduler.schedule(Date.now() + 1_000)
    vi.setSystemTime(Date.now() + 5_000)
    env.visible = false
    env.fire('visibilitychange')
    expect(onDue).not.toHaveBeenCalled()
  })

  it('re-arms long waits in chunks so a wall-clock jump is caught by the next chunk', () => {
    const { scheduler, onDue } = make(vi.fn(), { maxTimerMs: 60_000 })
    scheduler.schedule(Date.now() + 3_600_000)
    vi.advanceTimersByTime(60_000)
    expect(onDue).not.toHaveBeenCalled()
    vi.setSystemTime(Date.now() + 3_600_000)
    vi.advanceTimersByTime(60_000)
    expect(onDue).toHaveBeenCalledTimes(1)
  })

  it('check() fires a passed deadline and reports it', () => {
    const { scheduler, onDue } = make()
    scheduler.schedule(Date.now() + 5)
    expect(scheduler.check('read')).toBe(false)
    vi.setSystemTime(Date.now() + 10)
    expect(scheduler.check('read')).toBe(true)
    expect(onDue).toHaveBeenCalledWith('read')
    expect(scheduler.deadline).toBeUndefined()
  })

  it('dispose() removes every timer and listener', () => {
    const { scheduler, onDue } = make()
    scheduler.schedule(Date.now() + 5_000)
    expect(env.listenerCount).toBe(5)
    expect(vi.getTimerCount()).toBe(1)
    scheduler.dispose()
    expect(env.listenerCount).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10_000)
    expect(onDue).not.toHaveBeenCalled()
  })

  it('calls onWake before the check', () => {
    const onWake = vi.fn()
    const scheduler = new DeadlineScheduler({
      now: () => Date.now(),
      timers,
      environment: () => env,
      onDue: vi.fn(),
      onWake,
    })
    scheduler.schedule(Date.now() + 5_000)
    env.fire('online')
    expect(onWake).toHaveBeenCalledWith('online')
  })
})
