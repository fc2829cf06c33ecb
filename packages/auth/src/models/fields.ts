import * as z from 'zod/mini'
import { AUTH_LIMITS } from './limits.ts'

// Shared field schemas, so every request checks a field against the same limit. The models are
// written with zod/mini: browser bundles carry ~6 kB of zod instead of ~26 kB, and servers (the
// emulator) validate with the very same schemas through zod's functional API.

/** A non-empty string of at most `max` characters. */
export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max))

export const userIdField = text(AUTH_LIMITS.userId)

export const timeOffsetField = z
  .int()
  .check(z.minimum(AUTH_LIMITS.timeOffsetMin), z.maximum(AUTH_LIMITS.timeOffsetMax))

export const timeOffsetTokenField = text(AUTH_LIMITS.timeOffsetToken)

export const keyIdField = text(AUTH_LIMITS.keyId)
