import type { core } from 'zod/mini'
import { safeParse } from 'zod/mini'
import { ValidationError } from './errors/validationError.ts'

type Issue = core.$ZodIssue

/** Any zod 4 schema, classic or mini: the shared core type. */
export type Schema<T> = core.$ZodType<T>

const describe = (value: unknown): string => {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && !Number.isInteger(value)) return String(value)
  return typeof value
}

const plural = (n: number | bigint, word: string) => `${n} ${word}${Number(n) === 1 ? '' : 's'}`

const sizeOf = (input: unknown): string => {
  if (typeof input === 'string' || Array.isArray(input)) return String(input.length)
  return String(input)
}

const messageFor = (issue: Issue, field: string): { message: string; limit?: number } => {
  switch (issue.code) {
    case 'too_big': {
      const limit = Number(issue.maximum)
      const unit =
        issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''
      const bound = issue.inclusive === false ? 'less than' : 'at most'
      const got = issue.input === undefined ? '' : ` (got ${sizeOf(issue.input)})`
      return { message: `${field} must be ${bound} ${limit}${unit}${got}`, limit }
    }
    case 'too_small': {
      const limit = Number(issue.minimum)
      const got = issue.input === undefined ? '' : ` (got ${sizeOf(issue.input)})`
      const bound = issue.inclusive === false ? 'more than' : 'at least'
      if (issue.origin === 'string') {
        return { message: `${field} must be ${bound} ${plural(limit, 'character')}${got}`, limit }
      }
      if (issue.origin === 'array') {
        return { message: `${field} must have ${bound} ${plural(limit, 'item')}${got}`, limit }
      }
      return { message: `${field} must be ${bound} ${limit}${got}`, limit }
    }
    case 'invalid_type': {
      if (issue.input === undefined) return { message: `${field} is required` }
      const expected = issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`
      return { message: `${field} must be ${expected} (got ${describe(issue.input)})` }
    }
    default:
      return { message: `${field} ${issue.message}` }
  }
}

/**
 * Checks input against a zod schema at a public entry point and returns the parsed value (with
 * defaults applied). On failure throws a ValidationError naming the first bad field and its
 * limit, e.g. `userId must be at most 128 characters (got 129)`. `what` names the input as a
 * whole, used when the problem is the input itself rather than one field.
 */
export const validateInput = <T>(schema: Schema<T>, input: unknown, what: string): T => {
  const result = safeParse(schema, input, { reportInput: true })
  if (result.success) return result.data
  const issue = result.error.issues[0]
  if (issue === undefined) throw new ValidationError(`${what} is invalid`, { field: what })
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : what
  const { message, limit } = messageFor(issue, field)
  throw new ValidationError(message, { field, limit, reason: issue.code })
}
