import type { z } from 'zod'
import { clip, invalidRequest } from './oauthError.ts'

/**
 * zod at the edge: the first issue becomes a 400 naming the field, so a client sees
 * `password: must be 8..128 characters` rather than a schema dump.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  if (!issue) throw invalidRequest('body', 'is invalid')
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : ''
    throw invalidRequest(`${prefix}${clip(issue.keys[0] ?? '')}`, 'is not a known field')
  }
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body'
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    issue.path.length > 0 &&
    valueAt(input, issue.path) === undefined
  throw invalidRequest(field, missing ? 'is required' : issue.message)
}

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown => {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}
