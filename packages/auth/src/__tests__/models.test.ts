import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { AccessTokenSchema } from '../models/accessToken.ts'
import { AccessTokenResultSchema } from '../models/accessTokenResult.ts'
import { FederationRequestSchema } from '../models/federationRequest.ts'
import { GetServiceVersionResultSchema } from '../models/getServiceVersionResult.ts'
import { IssueTimeOffsetTokenByUserIdRequestSchema } from '../models/issueTimeOffsetTokenByUserIdRequest.ts'
import { DEFAULT_KEY_ID, AUTH_LIMITS as L } from '../models/limits.ts'
import { LoginBySignatureRequestSchema } from '../models/loginBySignatureRequest.ts'
import { LoginRequestSchema } from '../models/loginRequest.ts'

const s = (n: number) => 'x'.repeat(n)
const ok = (schema: z.ZodMiniType, input: unknown) => z.safeParse(schema, input).success

// Every limit is checked on both sides of its boundary: the client and the emulator validate with
// these schemas, so an off-by-one here would be one in both.
const userIds: [unknown, boolean][] = [
  ['u', true],
  [s(L.userId), true],
  [s(L.userId + 1), false],
  ['', false],
  [5, false],
  [undefined, false],
]
const offsets: [unknown, boolean][] = [
  [undefined, true],
  [L.timeOffsetMin, true],
  [L.timeOffsetMax, true],
  [-1, false],
  [L.timeOffsetMax + 1, false],
  [1.5, false],
  ['1', false],
]
const offsetTokens: [unknown, boolean][] = [
  [undefined, true],
  [s(L.timeOffsetToken), true],
  [s(L.timeOffsetToken + 1), false],
  ['', false],
]

describe.each([
  ['LoginRequestSchema', LoginRequestSchema],
  ['IssueTimeOffsetTokenByUserIdRequestSchema', IssueTimeOffsetTokenByUserIdRequestSchema],
])('%s', (_name, schema) => {
  it.each(userIds)('userId %j -> %s', (userId, expected) => {
    expect(ok(schema, { userId })).toBe(expected)
  })
  it.each(offsets)('timeOffset %j -> %s', (timeOffset, expected) => {
    expect(ok(schema, { userId: 'u', timeOffset })).toBe(expected)
  })
  it.each(offsetTokens)('timeOffsetToken length -> %#', (timeOffsetToken, expected) => {
    expect(ok(schema, { userId: 'u', timeOffsetToken })).toBe(expected)
  })
  it('refuses a non-object', () => {
    expect(ok(schema, null)).toBe(false)
    expect(ok(schema, 'x')).toBe(false)
  })
})

describe('LoginBySignatureRequestSchema', () => {
  it('fills the default key id', () => {
    expect(z.parse(LoginBySignatureRequestSchema, { body: 'b', signature: 's' })).toEqual({
      keyId: DEFAULT_KEY_ID,
      body: 'b',
      signature: 's',
    })
  })

  it.each<[string, unknown, boolean]>([
    [
      'every field at its limit',
      { keyId: s(L.keyId), body: s(L.body), signature: s(L.signature) },
      true,
    ],
    ['keyId over', { keyId: s(L.keyId + 1), body: 'b', signature: 's' }, false],
    ['keyId empty', { keyId: '', body: 'b', signature: 's' }, false],
    ['body over', { body: s(L.body + 1), signature: 's' }, false],
    ['body empty', { body: '', signature: 's' }, false],
    ['signature over', { body: 'b', signature: s(L.signature + 1) }, false],
    ['signature missing', { body: 'b' }, false],
  ])('%s -> %s', (_case, input, expected) => {
    expect(ok(LoginBySignatureRequestSchema, input)).toBe(expected)
  })
})

describe('FederationRequestSchema', () => {
  const base = { originalUserId: 'a', userId: 'b' }
  it.each<[string, unknown, boolean]>([
    ['minimal', base, true],
    [
      'at the limits',
      { originalUserId: s(L.originalUserId), userId: 'b', policyDocument: s(L.policyDocument) },
      true,
    ],
    ['originalUserId over', { ...base, originalUserId: s(L.originalUserId + 1) }, false],
    ['policyDocument over', { ...base, policyDocument: s(L.policyDocument + 1) }, false],
    ['policyDocument empty', { ...base, policyDocument: '' }, false],
  ])('%s -> %s', (_case, input, expected) => {
    expect(ok(FederationRequestSchema, input)).toBe(expected)
  })
  it.each(userIds)('userId %j -> %s', (userId, expected) => {
    expect(ok(FederationRequestSchema, { ...base, userId })).toBe(expected)
  })
  it.each(offsets)('timeOffset %j -> %s', (timeOffset, expected) => {
    expect(ok(FederationRequestSchema, { ...base, timeOffset })).toBe(expected)
  })
  it.each(offsetTokens)('timeOffsetToken -> %#', (timeOffsetToken, expected) => {
    expect(ok(FederationRequestSchema, { ...base, timeOffsetToken })).toBe(expected)
  })
})

describe('AccessTokenSchema', () => {
  it('accepts a GS2 access token, with nulls for unset fields', () => {
    const token = {
      token: 't',
      userId: 'u',
      federationFromUserId: null,
      expire: 1_900_000_000_000,
      timeOffset: null,
    }
    expect(z.parse(AccessTokenSchema, token)).toEqual(token)
    expect(z.parse(AccessTokenSchema, { token: 't', userId: 'u', expire: 1 })).toEqual({
      token: 't',
      userId: 'u',
      expire: 1,
    })
  })

  it.each<[string, unknown]>([
    ['empty token', { token: '', userId: 'u', expire: 1 }],
    ['token over', { token: s(L.token + 1), userId: 'u', expire: 1 }],
    ['userId over', { token: 't', userId: s(L.userId + 1), expire: 1 }],
    [
      'federationFromUserId over',
      { token: 't', userId: 'u', expire: 1, federationFromUserId: s(L.userId + 1) },
    ],
    ['fractional expire', { token: 't', userId: 'u', expire: 1.5 }],
    ['timeOffset over', { token: 't', userId: 'u', expire: 1, timeOffset: L.timeOffsetMax + 1 }],
  ])('rejects %s', (_case, input) => {
    expect(ok(AccessTokenSchema, input)).toBe(false)
  })
})

describe('AccessTokenResultSchema', () => {
  it('accepts token, userId and expire', () => {
    expect(ok(AccessTokenResultSchema, { token: 't', userId: 'u', expire: 1 })).toBe(true)
  })

  it.each<[string, unknown]>([
    ['empty token', { token: '', userId: 'u', expire: 1 }],
    ['userId over', { token: 't', userId: s(L.userId + 1), expire: 1 }],
    ['missing expire', { token: 't', userId: 'u' }],
    ['string expire', { token: 't', userId: 'u', expire: '1' }],
    ['fractional expire', { token: 't', userId: 'u', expire: 1.5 }],
  ])('rejects %s', (_case, input) => {
    expect(ok(AccessTokenResultSchema, input)).toBe(false)
  })
})

describe('GetServiceVersionResultSchema', () => {
  it('needs a string item', () => {
    expect(ok(GetServiceVersionResultSchema, { item: 'v' })).toBe(true)
    expect(ok(GetServiceVersionResultSchema, { item: 1 })).toBe(false)
    expect(ok(GetServiceVersionResultSchema, {})).toBe(false)
  })
})
