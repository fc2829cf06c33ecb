import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { safeParse } from 'zod/mini'
import { AccessTokenSchema } from '../models/accessToken.ts'
import { AccessTokenResultSchema } from '../models/accessTokenResult.ts'
import { FederationRequestSchema } from '../models/federationRequest.ts'
import { GetServiceVersionResultSchema } from '../models/getServiceVersionResult.ts'
import { IssueTimeOffsetTokenByUserIdRequestSchema } from '../models/issueTimeOffsetTokenByUserIdRequest.ts'
import { AUTH_LIMITS as L } from '../models/limits.ts'
import { LoginBySignatureRequestSchema } from '../models/loginBySignatureRequest.ts'
import { LoginRequestSchema } from '../models/loginRequest.ts'
import {
  FederationRequestMiniSchema,
  IssueTimeOffsetTokenByUserIdRequestMiniSchema,
  LoginBySignatureRequestMiniSchema,
  LoginRequestMiniSchema,
} from '../models/mini/requests.ts'
import {
  AccessTokenMiniSchema,
  AccessTokenResultMiniSchema,
  GetServiceVersionResultMiniSchema,
} from '../models/mini/results.ts'

// The client validates with the zod/mini twins; servers use the classic schemas. Both must agree
// on every boundary, or the client would send what the emulator refuses (or refuse what it takes).

const s = (n: number) => 'x'.repeat(n)
const offsets = [undefined, L.timeOffsetMin, L.timeOffsetMax, -1, L.timeOffsetMax + 1, 1.5, '1']
const userIds = ['u', s(L.userId), s(L.userId + 1), '', 5, undefined]
const tokens = [undefined, s(L.timeOffsetToken), s(L.timeOffsetToken + 1), '']

const cases: [string, z.ZodType, Parameters<typeof safeParse>[0], unknown[]][] = [
  [
    'LoginRequest',
    LoginRequestSchema,
    LoginRequestMiniSchema,
    [
      ...userIds.map((userId) => ({ userId })),
      ...offsets.map((timeOffset) => ({ userId: 'u', timeOffset })),
      ...tokens.map((timeOffsetToken) => ({ userId: 'u', timeOffsetToken })),
      null,
      'x',
    ],
  ],
  [
    'LoginBySignatureRequest',
    LoginBySignatureRequestSchema,
    LoginBySignatureRequestMiniSchema,
    [
      { body: 'b', signature: 's' },
      { keyId: s(L.keyId), body: s(L.body), signature: s(L.signature) },
      { keyId: s(L.keyId + 1), body: 'b', signature: 's' },
      { keyId: '', body: 'b', signature: 's' },
      { body: s(L.body + 1), signature: 's' },
      { body: 'b', signature: s(L.signature + 1) },
      { body: '', signature: 's' },
      { body: 'b' },
    ],
  ],
  [
    'FederationRequest',
    FederationRequestSchema,
    FederationRequestMiniSchema,
    [
      { originalUserId: 'a', userId: 'b' },
      { originalUserId: s(L.originalUserId), userId: 'b', policyDocument: s(L.policyDocument) },
      { originalUserId: s(L.originalUserId + 1), userId: 'b' },
      { originalUserId: 'a', userId: 'b', policyDocument: s(L.policyDocument + 1) },
      { originalUserId: 'a', userId: 'b', policyDocument: '' },
      ...userIds.map((userId) => ({ originalUserId: 'a', userId })),
      ...offsets.map((timeOffset) => ({ originalUserId: 'a', userId: 'b', timeOffset })),
      ...tokens.map((timeOffsetToken) => ({ originalUserId: 'a', userId: 'b', timeOffsetToken })),
    ],
  ],
  [
    'IssueTimeOffsetTokenByUserIdRequest',
    IssueTimeOffsetTokenByUserIdRequestSchema,
    IssueTimeOffsetTokenByUserIdRequestMiniSchema,
    [
      ...userIds.map((userId) => ({ userId })),
      ...offsets.map((timeOffset) => ({ userId: 'u', timeOffset })),
      ...tokens.map((timeOffsetToken) => ({ userId: 'u', timeOffsetToken })),
    ],
  ],
  [
    'AccessToken',
    AccessTokenSchema,
    AccessTokenMiniSchema,
    [
      { token: 't', userId: 'u', expire: 1 },
      { token: 't', userId: 'u', expire: 1, federationFromUserId: null, timeOffset: null },
      { token: 't', userId: 'u', expire: 1, federationFromUserId: s(L.userId + 1) },
      { token: s(L.token + 1), userId: 'u', expire: 1 },
      { token: 't', userId: 'u', expire: 1.5 },
      { token: 't', userId: 'u', expire: 1, timeOffset: L.timeOffsetMax + 1 },
    ],
  ],
  [
    'AccessTokenResult',
    AccessTokenResultSchema,
    AccessTokenResultMiniSchema,
    [
      { token: 't', userId: 'u', expire: 1 },
      { token: '', userId: 'u', expire: 1 },
      { token: 't', userId: s(L.userId + 1), expire: 1 },
      { token: 't', userId: 'u' },
      { token: 't', userId: 'u', expire: '1' },
    ],
  ],
  [
    'GetServiceVersionResult',
    GetServiceVersionResultSchema,
    GetServiceVersionResultMiniSchema,
    [{ item: 'v' }, { item: 1 }, {}],
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
    // Each table has both kinds, so a twin that accepts or refuses everything fails.
    expect(accepted).toBeGreaterThan(0)
    expect(accepted).toBeLessThan(inputs.length)
  })
})
