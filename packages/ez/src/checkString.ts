import { ValidationError } from '@gs2ez/core'

/** A required or optional bounded string option; throws naming the field and the limit. */
export const checkString = (value: unknown, field: string, max: number, required = true): void => {
  if (value === undefined && !required) return
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError(`${field} must be a non-empty string`, { field })
  }
  if (value.length > max) {
    throw new ValidationError(`${field} must be at most ${max} characters (got ${value.length})`, {
      field,
      limit: max,
      reason: 'too_big',
    })
  }
}
