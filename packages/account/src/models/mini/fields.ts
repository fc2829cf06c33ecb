import * as z from 'zod/mini'
import { ACCOUNT_LIMITS } from '../limits.ts'

// The client-side twins of ../*.ts, written with zod/mini so a browser bundle carries ~6 kB of
// zod instead of ~26 kB. The classic schemas stay the public contract (the emulator and other
// servers use them); mini.conformance.test.ts checks that both accept and reject the same input.

export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max))

const pathValue = (max: number) =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(max),
      z.regex(/^[^/?#]*$/, { message: 'must not contain "/", "?" or "#"' }),
    )

export const namespaceNameField = pathValue(ACCOUNT_LIMITS.namespaceName)

export const userIdField = pathValue(ACCOUNT_LIMITS.userId)
