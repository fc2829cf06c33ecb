import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ValidationError } from '../errors/validationError.ts'
import { validateInput } from '../validateInput.ts'

const schema = z.object({
  userId: z.string().min(1).max(128),
  timeOffset: z.int().min(0).max(315360000).optional(),
  keyId: z.string().default('default-key'),
  tags: z.array(z.string()).max(2).optional(),
  nested: z
    .object({ name: z.string().regex(/^[a-z]+$/, { message: 'must be lowercase' }) })
    .optional(),
})

const failure = (input: unknown): ValidationError => {
  try {
    validateInput(schema, input, 'request')
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    return error as ValidationError
  }
  throw new Error('expected a ValidationError')
}

describe('validateInput', () => {
  it('returns the parsed value with defaults applied', () => {
    expect(validateInput(schema, { userId: 'u' }, 'request')).toEqual({
      userId: 'u',
      keyId: 'default-key',
    })
  })

  it('names the field and the limit of a too long string', () => {
    const error = failure({ userId: 'x'.repeat(129) })
    expect(error.message).toBe('userId must be at most 128 characters (got 129)')
    expect(error.field).toBe('userId')
    expect(error.limit).toBe(128)
    expect(error.code).toBe('gs2ez.validation.too_big')
    expect(error.status).toBe(400)
  })

  it('rejects empty required strings', () => {
    const error = failure({ userId: '' })
    expect(error.message).toBe('userId must be at least 1 character (got 0)')
    expect(error.limit).toBe(1)
  })

  it('names numeric bounds and integers', () => {
    expect(failure({ userId: 'u', timeOffset: 315360001 }).message).toBe(
      'timeOffset must be at most 315360000 (got 315360001)',
    )
    expect(failure({ userId: 'u', timeOffset: -1 }).message).toBe(
      'timeOffset must be at least 0 (got -1)',
    )
    expect(failure({ userId: 'u', timeOffset: 1.5 }).message).toBe(
      'timeOffset must be an integer (got 1.5)',
    )
  })

  it('reports missing fields, wrong types, arrays, formats and the whole input', () => {
    expect(failure({}).message).toBe('userId is required')
    expect(failure({ userId: 5 }).message).toBe('userId must be a string (got number)')
    expect(failure({ userId: 'u', tags: ['a', 'b', 'c'] }).message).toBe(
      'tags must be at most 2 items (got 3)',
    )
    const nested = failure({ userId: 'u', nested: { name: 'A' } })
    expect(nested.field).toBe('nested.name')
    expect(nested.message).toBe('nested.name must be lowercase')
    const whole = failure(null)
    expect(whole.field).toBe('request')
    expect(whole.message).toBe('request must be a object (got null)')
  })
})
