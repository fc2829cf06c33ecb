import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { EmulatorError } from '../server/emulatorError.ts'
import { coerceWire, validateWire } from '../server/wire.ts'

describe('coerceWire', () => {
  it('turns null, undefined and "null" into unset and keeps only the API keys', () => {
    expect(
      coerceWire(
        { a: null, b: 'null', c: undefined, d: 'x', contextStack: null },
        { a: 'string', b: 'string', c: 'number', d: 'string' },
      ),
    ).toEqual({
      d: 'x',
    })
  })

  it('reads numbers and booleans sent as strings, whatever their case', () => {
    expect(
      coerceWire(
        { n: '3600', f: '-1.5', e: '1e3', t: 'True', u: 'FALSE', s: '12' },
        { n: 'number', f: 'number', e: 'number', t: 'boolean', u: 'boolean', s: 'string' },
      ),
    ).toEqual({ n: 3600, f: -1.5, e: 1000, t: true, u: false, s: '12' })
  })

  it('leaves what it cannot read for the model check to refuse', () => {
    expect(
      coerceWire({ n: 'soon', t: 'yes', o: { x: 1 } }, { n: 'number', t: 'boolean', o: 'string' }),
    ).toEqual({
      n: 'soon',
      t: 'yes',
      o: { x: 1 },
    })
  })
})

describe('validateWire', () => {
  it('throws a 400 EmulatorError naming the field and the limit', () => {
    const schema = z.object({ userId: z.string().max(3) })
    let error: EmulatorError | undefined
    try {
      validateWire('auth', schema, { userId: 'abcd' })
    } catch (e) {
      error = e as EmulatorError
    }
    if (!error) throw new Error('validateWire accepted an over-long userId')
    expect(error).toBeInstanceOf(EmulatorError)
    expect(error.status).toBe(400)
    expect(error.component).toBe('userId')
    expect(error.code).toBe('auth.userId.invalid')
    expect(error.message).toMatch(/userId: .*3/)
    expect(JSON.parse(error.toBody().message)).toEqual([
      { component: 'userId', code: 'auth.userId.invalid', message: error.message },
    ])
  })
})
