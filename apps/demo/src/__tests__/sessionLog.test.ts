import { expect, test } from 'vitest'
import { SessionLog } from '../session/sessionLog.ts'

test('keeps the newest entries up to its limit and notifies subscribers', () => {
  let now = 1000
  const log = new SessionLog(() => now, 2)
  const seen: number[] = []
  log.entries.subscribe((entries) => seen.push(entries.length))
  log.add('signedIn', 'one')
  now = 2000
  log.add('restored', 'two')
  log.add('degraded', 'three')
  expect(log.entries.value.map((entry) => entry.message)).toEqual(['two', 'three'])
  expect(log.entries.value[0]).toMatchObject({ kind: 'restored', at: 2000 })
  expect(seen).toEqual([0, 1, 2, 2])
})
