import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { safeParse } from 'zod/mini'
import { AccountSchema } from '../models/account.ts'
import { AccountRequestSchema } from '../models/accountRequest.ts'
import { AuthenticationRequestSchema } from '../models/authenticationRequest.ts'
import { BanStatusSchema } from '../models/banStatus.ts'
import { CreateAccountRequestSchema } from '../models/createAccountRequest.ts'
import { ACCOUNT_LIMITS as L } from '../models/limits.ts'
import {
  AccountRequestMiniSchema,
  AuthenticationRequestMiniSchema,
  CreateAccountRequestMiniSchema,
} from '../models/mini/requests.ts'
import {
  AccountMiniSchema,
  AccountResultMiniSchema,
  AuthenticationResultMiniSchema,
  BanStatusMiniSchema,
} from '../models/mini/results.ts'
import { AccountResultSchema, AuthenticationResultSchema } from '../models/results.ts'

// The client validates with the zod/mini twins; servers use the classic schemas. Both must agree.

const s = (n: number) => 'x'.repeat(n)
const names = ['ns', s(L.namespaceName), s(L.namespaceName + 1), '', 'a/b', 'a?b', 'a#b', 7]
const userIds = ['u', s(L.userId), s(L.userId + 1), '', 'a/b', undefined]
const account = {
  accountId: 'grn',
  userId: 'u',
  password: null,
  timeOffset: 0,
  banStatuses: [{ name: 'n', reason: 'r', releaseTimestamp: 1 }],
  banned: false,
  lastAuthenticatedAt: null,
  createdAt: 1,
  revision: 1,
}

const cases: [string, z.ZodType, Parameters<typeof safeParse>[0], unknown[]][] = [
  [
    'CreateAccountRequest',
    CreateAccountRequestSchema,
    CreateAccountRequestMiniSchema,
    names.map((namespaceName) => ({ namespaceName })),
  ],
  [
    'AccountRequest',
    AccountRequestSchema,
    AccountRequestMiniSchema,
    [
      ...names.map((namespaceName) => ({ namespaceName, userId: 'u' })),
      ...userIds.map((userId) => ({ namespaceName: 'ns', userId })),
    ],
  ],
  [
    'AuthenticationRequest',
    AuthenticationRequestSchema,
    AuthenticationRequestMiniSchema,
    [
      { namespaceName: 'ns', userId: 'u', password: 'p' },
      { namespaceName: 'ns', userId: 'u', password: s(L.password) },
      { namespaceName: 'ns', userId: 'u', password: s(L.password + 1) },
      { namespaceName: 'ns', userId: 'u', password: '' },
      { namespaceName: 'ns', userId: 'u', password: 'p', keyId: s(L.keyId) },
      { namespaceName: 'ns', userId: 'u', password: 'p', keyId: s(L.keyId + 1) },
      { namespaceName: 'ns', userId: 'u', password: 'p', timeOffsetToken: s(L.timeOffsetToken) },
      {
        namespaceName: 'ns',
        userId: 'u',
        password: 'p',
        timeOffsetToken: s(L.timeOffsetToken + 1),
      },
      ...names.map((namespaceName) => ({ namespaceName, userId: 'u', password: 'p' })),
      ...userIds.map((userId) => ({ namespaceName: 'ns', userId, password: 'p' })),
    ],
  ],
  [
    'BanStatus',
    BanStatusSchema,
    BanStatusMiniSchema,
    [
      { name: 'n' },
      { name: 'n', reason: null, releaseTimestamp: null },
      { reason: 'r' },
      { name: 'n', releaseTimestamp: 1.5 },
    ],
  ],
  [
    'Account',
    AccountSchema,
    AccountMiniSchema,
    [
      account,
      { accountId: 'a', userId: 'u', createdAt: 1 },
      { accountId: 'a', userId: 'u' },
      { ...account, banned: 'no' },
      { ...account, banStatuses: [{}] },
    ],
  ],
  [
    'AccountResult',
    AccountResultSchema,
    AccountResultMiniSchema,
    [{ item: account }, { item: {} }, {}],
  ],
  [
    'AuthenticationResult',
    AuthenticationResultSchema,
    AuthenticationResultMiniSchema,
    [
      { item: account, banStatuses: [], body: 'b', signature: 's' },
      { item: account, banStatuses: null, body: 'b', signature: 's' },
      { item: account, body: 'b', signature: 's' },
      { item: account, body: '', signature: 's' },
      { item: account, body: 'b' },
    ],
  ],
]

describe('zod/mini twins agree with the classic schemas', () => {
  it.each(cases)('%s', (_name, classic, mini, inputs) => {
    let accepted = 0
    for (const input of inputs) {
      const a = classic.safeParse(input)
      const b = safeParse(mini, input)
      expect({ input, success: b.success }).toEqual({ input, success: a.success })
      if (a.success && b.success) {
        expect(b.data).toEqual(a.data)
        accepted += 1
      }
    }
    expect(accepted).toBeGreaterThan(0)
    expect(accepted).toBeLessThan(inputs.length)
  })
})
