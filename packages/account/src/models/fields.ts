import { z } from 'zod'
import { ACCOUNT_LIMITS } from './limits.ts'

// Path values travel in the URL: an empty one would route to a different API, and a `/` would
// change the path, so both are refused before any request.
const pathValue = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^/?#]*$/, { message: 'must not contain "/", "?" or "#"' })

export const namespaceNameField = pathValue(ACCOUNT_LIMITS.namespaceName)

export const userIdField = pathValue(ACCOUNT_LIMITS.userId)
