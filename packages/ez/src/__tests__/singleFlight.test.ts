import { describe, expect, it, vi } from 'vitest'
import { SingleFlight } from '../singleFlight.ts'

describe('SingleFlight', () => {
  it('shares one run among concurrent callers and frees the slot when it settles', async () => {
    const flight = new SingleFlight<number>()
    let release: (n: number) => void = () => {}
    const task = vi.fn(() => new Promise<number>((resolve) => (release = resolve)))
    const calls = Array.from({ length: 1_000 }, () => flight.run(task))
    expect(task).toHaveBeenCalledTimes(1)
    expect(flight.running).toBe(true)
    release(7)
    expect(await Promise.all(calls)).toEqual(Array(1_000).fill(7))
    expect(flight.running).toBe(false)
    await flight.run(async () => 8)
    expect(task).toHaveBeenCalledTimes(1)
  })

  it('frees the slot after a failure so the next caller runs again', async () => {
    const flight = new SingleFlight<number>()
    await expect(flight.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    expect(flight.running).toBe(false)
    expect(await flight.run(async () => 1)).toBe(1)
  })
})
