import * as z from 'zod/mini'
import { ACCOUNT_LIMITS } from './limits.ts'

// Shared field schemas, written with zod/mini: browser bundles carry ~6 kB of zod instead of
// ~26 kB, and servers (the emulator) validate with the very same schemas through zod's
// functional API.

/** A non-empty string of at most `max` characters. */
export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max))

// Path values travel in the URL: an empty one would route to a different API, and a `/` would
// change the path, so both are refused before any request.
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
