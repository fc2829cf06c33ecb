import * as z from 'zod/mini'
import { text } from './fields.ts'
import { TAKE_OVER_LIMITS as L } from './takeOverLimits.ts'

/** The takeover slot, sent in the path: a whole number in 0..1024. */
export const takeOverTypeField = z.int().check(z.minimum(L.typeMin), z.maximum(L.typeMax))

export const userIdentifierField = text(L.userIdentifier)

export const takeOverPasswordField = text(L.password)

// Goes into the X-GS2-ACCESS-TOKEN header: visible ASCII only, so no value can break the header.
export const accessTokenField = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(L.accessToken),
    z.regex(/^[\x21-\x7e]*$/, { message: 'must be visible ASCII (no spaces or line breaks)' }),
  )
