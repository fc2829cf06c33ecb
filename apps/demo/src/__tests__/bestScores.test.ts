import { expect, test } from 'vitest'
import { BestScores } from '../game/bestScores.ts'

const memoryStorage = () => {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  }
}

test('keeps one best score per GS2 player and only raises it', () => {
  const storage = memoryStorage()
  const best = new BestScores(() => storage)
  expect(best.submit('alice', 30)).toBe(true)
  expect(best.submit('alice', 20)).toBe(false)
  expect(best.submit('bob', 10)).toBe(true)
  expect(best.get('alice')).toBe(30)
  expect(best.get('bob')).toBe(10)
  expect(best.get(undefined)).toBe(0)
  expect(best.submit(undefined, 99)).toBe(false)
})

test('a storage that throws (private mode, full quota) never breaks the game', () => {
  const broken = {
    getItem: (): string | null => {
      throw new Error('SecurityError')
    },
    setItem: () => {
      throw new Error('QuotaExceededError')
    },
  }
  const best = new BestScores(() => broken)
  expect(best.get('alice')).toBe(0)
  expect(best.submit('alice', 10)).toBe(true)
  expect(new BestScores(() => undefined).get('alice')).toBe(0)
})
