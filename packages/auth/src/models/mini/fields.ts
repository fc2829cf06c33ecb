import * as z from 'zod/mini'
import { AUTH_LIMITS } from '../limits.ts'

// The client-side twins of ../*.ts, written with zod/mini so a browser bundle carries ~6 kB of
// zod instead of ~26 kB. The classic schemas stay the public contract (the emulator and other
// servers use them); mini.conformance.test.ts checks that both accept and reject the same input.

export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max))

export const userIdField = text(AUTH_LIMITS.userId)

export const timeOffsetField = z
  .int()
  .check(z.minimum(AUTH_LIMITS.timeOffsetMin), z.maximum(AUTH_LIMITS.timeOffsetMax))

export const timeOffsetTokenField = text(AUTH_LIMITS.timeOffsetToken)
