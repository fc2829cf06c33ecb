import { describe, expect, it } from 'vitest'
import { AccessTokenSchema } from '../models/accessToken.ts'
import { AccessTokenResultSchema } from '../models/accessTokenResult.ts'

describe('AccessTokenSchema', () => {
  it('accepts a GS2 access token, with nulls for unset fields', () => {
    const token = {
      token: 't',
      userId: 'u',
      federationFromUserId: null,
      expire: 1_900_000_000_000,
      timeOffset: 0,
    }
    expect(AccessTokenSchema.parse(token)).toEqual(token)
    expect(AccessTokenSchema.parse({ token: 't', userId: 'u', expire: 1 })).toEqual({
      token: 't',
      userId: 'u',
      expire: 1,
    })
  })

  it('rejects out-of-limit values', () => {
    expect(AccessTokenSchema.safeParse({ token: '', userId: 'u', expire: 1 }).success).toBe(false)
    expect(
      AccessTokenSchema.safeParse({ token: 't', userId: 'x'.repeat(129), expire: 1 }).success,
    ).toBe(false)
    expect(
      AccessTokenSchema.safeParse({ token: 't', userId: 'u', expire: 1, timeOffset: 315360001 })
        .success,
    ).toBe(false)
    expect(
      AccessTokenResultSchema.safeParse({ token: 't', userId: 'u', expire: 1.5 }).success,
    ).toBe(false)
    expect(AccessTokenResultSchema.safeParse({ token: 't', userId: 'u' }).success).toBe(false)
  })
})
