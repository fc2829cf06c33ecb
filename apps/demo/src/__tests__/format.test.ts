import { expect, test } from 'vitest'
import { formatClock, formatCountdown, shortenUserId } from '../ui/format.ts'

test('shortenUserId keeps the head and tail of a long id and leaves short ones alone', () => {
  expect(shortenUserId('a1b2c3d4-e5f6-4711-8899-aabbccddeeff')).toBe('a1b2c3…eeff')
  expect(shortenUserId('player-1')).toBe('player-1')
  expect(shortenUserId(undefined)).toBe('—')
})

test('formatCountdown rounds up to whole seconds and says expired at zero', () => {
  expect(formatCountdown(119_001)).toBe('2:00')
  expect(formatCountdown(59_000)).toBe('0:59')
  expect(formatCountdown(3_725_000)).toBe('1:02:05')
  expect(formatCountdown(0)).toBe('expired')
  expect(formatCountdown(-5)).toBe('expired')
  expect(formatCountdown(Number.NaN)).toBe('—')
})

test('formatClock shows UTC wall time', () => {
  expect(formatClock(Date.UTC(2026, 0, 1, 13, 4, 5))).toBe('13:04:05')
})
