import { describe, expect, it } from 'vitest'
import { AccountSchema } from '../models/account.ts'
import { AuthenticationResultSchema } from '../models/results.ts'

const account = {
  accountId: 'grn:gs2:ap-northeast-1:o:account:ns:account:u',
  userId: 'u',
  password: 'p'.repeat(32),
  timeOffset: 0,
  banStatuses: [{ name: 'cheat', reason: 'speed hack', releaseTimestamp: 1_800_000_000_000 }],
  banned: true,
  lastAuthenticatedAt: 1_700_000_000_000,
  createdAt: 1_700_000_000_000,
  revision: 3,
}

describe('account models', () => {
  it('parse a full account and a sparse one with nulls', () => {
    expect(AccountSchema.parse(account)).toEqual(account)
    const sparse = { accountId: 'a', userId: 'u', password: null, createdAt: 1, banStatuses: null }
    expect(AccountSchema.parse(sparse)).toEqual(sparse)
  })

  it('rejects an account without its ids', () => {
    expect(AccountSchema.safeParse({ userId: 'u', createdAt: 1 }).success).toBe(false)
    expect(AccountSchema.safeParse({ ...account, createdAt: '1' }).success).toBe(false)
  })

  it('normalises missing banStatuses of an authentication result to []', () => {
    const parsed = AuthenticationResultSchema.parse({ item: account, body: 'b', signature: 's' })
    expect(parsed.banStatuses).toEqual([])
    expect(
      AuthenticationResultSchema.safeParse({ item: account, body: '', signature: 's' }).success,
    ).toBe(false)
  })
})
