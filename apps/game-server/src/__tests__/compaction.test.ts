import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { JOURNAL_FILE } from '../store/journal.ts'
import { CLIENT_ID, passwordForm, type Stack, startStack } from './fixtures/stack.ts'

let stack: Stack | undefined
afterEach(() => stack?.close())

const lines = (s: Stack) =>
  readFileSync(join(s.server.dataDir ?? '', JOURNAL_FILE), 'utf8')
    .split('\n')
    .filter(Boolean)

test('a long journal is rewritten on start as its live records; expired sessions are dropped', async () => {
  stack = await startStack({ persistent: true, compactAfterBatches: 5 })
  await stack.register({ username: 'wendy', password: 'wendy-password' })
  await stack.token(passwordForm('wendy', 'wendy-password'))
  stack.clock.advance(30 * 24 * 3600_000 + 1)
  const login = await stack.token(passwordForm('wendy', 'wendy-password'))
  let refreshToken = login.body.refresh_token as string
  for (let i = 0; i < 4; i++) {
    const next = await stack.token({
      client_id: CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    })
    refreshToken = next.body.refresh_token as string
  }
  const before = lines(stack).length
  expect(before).toBeGreaterThan(5)

  stack = await stack.restart()
  const after = lines(stack)
  expect(after).toHaveLength(1)
  // The expired family is gone from disk; the live one (5 tokens: reuse detection needs the
  // rotated ones) and the user are kept.
  const records = JSON.parse(after[0] ?? '[]') as Array<{ t: string }>
  const count = (t: string) => records.filter((r) => r.t === t).length
  expect([count('users'), count('families'), count('refreshTokens'), count('meta')]).toEqual([
    1, 1, 5, 1,
  ])

  const refreshed = await stack.token({
    client_id: CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  })
  expect(refreshed.status).toBe(200)
  expect((await stack.token(passwordForm('wendy', 'wendy-password'))).status).toBe(200)
  // Appends after a compaction replay fine.
  stack = await stack.restart()
  const again = await stack.token({
    client_id: CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: refreshed.body.refresh_token as string,
  })
  expect(again.status).toBe(200)
})
