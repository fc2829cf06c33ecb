import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { AccountSchema } from '../models/account.ts'
import { AccountRequestSchema } from '../models/accountRequest.ts'
import { AuthenticationRequestSchema } from '../models/authenticationRequest.ts'
import { BanStatusSchema } from '../models/banStatus.ts'
import { CreateAccountRequestSchema } from '../models/createAccountRequest.ts'
import { ACCOUNT_LIMITS as L } from '../models/limits.ts'
import { AccountResultSchema, AuthenticationResultSchema } from '../models/results.ts'

const s = (n: number) => 'x'.repeat(n)
const ok = (schema: z.ZodMiniType, input: unknown) => z.safeParse(schema, input).success

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

// Both sides of every limit: the client and the emulator validate with these schemas.
const names: [unknown, boolean][] = [
  ['ns', true],
  [s(L.namespaceName), true],
  [s(L.namespaceName + 1), false],
  ['', false],
  ['a/b', false],
  ['a?b', false],
  ['a#b', false],
  [7, false],
]
const userIds: [unknown, boolean][] = [
  ['u', true],
  [s(L.userId), true],
  [s(L.userId + 1), false],
  ['', false],
  ['a/b', false],
  [undefined, false],
]

describe('request models', () => {
  it.each(names)('namespaceName %j -> %s', (namespaceName, expected) => {
    expect(ok(CreateAccountRequestSchema, { namespaceName })).toBe(expected)
    expect(ok(AccountRequestSchema, { namespaceName, userId: 'u' })).toBe(expected)
    expect(ok(AuthenticationRequestSchema, { namespaceName, userId: 'u', password: 'p' })).toBe(
      expected,
    )
  })

  it.each(userIds)('userId %j -> %s', (userId, expected) => {
    expect(ok(AccountRequestSchema, { namespaceName: 'ns', userId })).toBe(expected)
    expect(ok(AuthenticationRequestSchema, { namespaceName: 'ns', userId, password: 'p' })).toBe(
      expected,
    )
  })

  it('names the path rule in the message', () => {
    const result = z.safeParse(AccountRequestSchema, { namespaceName: 'a/b', userId: 'u' })
    expect(result.error?.issues[0]?.message).toBe('must not contain "/", "?" or "#"')
  })

  const auth = { namespaceName: 'ns', userId: 'u', password: 'p' }
  it.each<[string, unknown, boolean]>([
    ['password at its limit', { ...auth, password: s(L.password) }, true],
    ['password over', { ...auth, password: s(L.password + 1) }, false],
    ['password empty', { ...auth, password: '' }, false],
    ['keyId at its limit', { ...auth, keyId: s(L.keyId) }, true],
    ['keyId over', { ...auth, keyId: s(L.keyId + 1) }, false],
    ['timeOffsetToken at its limit', { ...auth, timeOffsetToken: s(L.timeOffsetToken) }, true],
    ['timeOffsetToken over', { ...auth, timeOffsetToken: s(L.timeOffsetToken + 1) }, false],
  ])('authentication: %s -> %s', (_case, input, expected) => {
    expect(ok(AuthenticationRequestSchema, input)).toBe(expected)
  })

  it('fills the default key id of an authentication', () => {
    expect(z.parse(AuthenticationRequestSchema, auth).keyId).toBe(
      'grn:gs2:{region}:{ownerId}:key:default:key:default',
    )
  })
})

describe('account models', () => {
  it('parse a full account and a sparse one with nulls', () => {
    expect(z.parse(AccountSchema, account)).toEqual(account)
    const sparse = { accountId: 'a', userId: 'u', password: null, createdAt: 1, banStatuses: null }
    expect(z.parse(AccountSchema, sparse)).toEqual(sparse)
  })

  it.each<[string, unknown]>([
    ['no accountId', { userId: 'u', createdAt: 1 }],
    ['no createdAt', { accountId: 'a', userId: 'u' }],
    ['string createdAt', { ...account, createdAt: '1' }],
    ['string banned', { ...account, banned: 'no' }],
    ['a ban without its name', { ...account, banStatuses: [{}] }],
  ])('rejects an account with %s', (_case, input) => {
    expect(ok(AccountSchema, input)).toBe(false)
  })

  it('checks ban statuses', () => {
    expect(ok(BanStatusSchema, { name: 'n' })).toBe(true)
    expect(ok(BanStatusSchema, { name: 'n', reason: null, releaseTimestamp: null })).toBe(true)
    expect(ok(BanStatusSchema, { reason: 'r' })).toBe(false)
    expect(ok(BanStatusSchema, { name: 'n', releaseTimestamp: 1.5 })).toBe(false)
  })

  it('wraps an account in { item }', () => {
    expect(ok(AccountResultSchema, { item: account })).toBe(true)
    expect(ok(AccountResultSchema, { item: {} })).toBe(false)
    expect(ok(AccountResultSchema, {})).toBe(false)
  })

  it('normalises missing or null banStatuses of an authentication result to []', () => {
    for (const banStatuses of [undefined, null]) {
      const parsed = z.parse(AuthenticationResultSchema, {
        item: account,
        banStatuses,
        body: 'b',
        signature: 's',
      })
      expect(parsed.banStatuses).toEqual([])
    }
    expect(ok(AuthenticationResultSchema, { item: account, body: '', signature: 's' })).toBe(false)
    expect(ok(AuthenticationResultSchema, { item: account, body: 'b' })).toBe(false)
  })
})
