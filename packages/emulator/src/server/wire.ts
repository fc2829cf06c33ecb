import { z } from 'zod'
import { badRequest } from './emulatorError.ts'

export type WireType = 'string' | 'number' | 'boolean'

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/

const coerceValue = (value: unknown, type: WireType): unknown => {
  // Real clients send `null` for unset keys (TS SDK) and the literal "null" in query strings.
  if (value === null || value === undefined || value === 'null') return undefined
  if (typeof value !== 'string') return value
  if (type === 'number' && NUMBER.test(value.trim())) return Number(value)
  if (type === 'boolean') {
    const lower = value.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
  }
  return value
}

/**
 * The wire is looser than the models: it picks the keys an API reads (dropping contextStack
 * and anything else), turns null into "unset", and numbers and booleans sent as strings
 * (`"3600"`, `"True"`) into their type. The strict model check comes after.
 */
export const coerceWire = (
  source: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, WireType>>,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key in fields) {
    const value = coerceValue(source[key], fields[key] as WireType)
    if (value !== undefined) out[key] = value
  }
  return out
}

/**
 * Validates with a shared zod model (the auth/account models are zod/mini, the emulator's own
 * are classic: both are zod 4 core schemas); a failure is a 400 naming the field and the limit.
 */
export const validateWire = <T extends z.core.$ZodType>(
  service: string,
  schema: T,
  value: unknown,
): z.core.output<T> => {
  const result = z.safeParse(schema, value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.map(String).join('.') || 'body'
  throw badRequest(field, `${service}.${field}.invalid`, `${field}: ${issue?.message ?? 'invalid'}`)
}
