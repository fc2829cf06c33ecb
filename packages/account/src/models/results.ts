import * as z from 'zod/mini'
import { AccountSchema } from './account.ts'
import { BanStatusSchema } from './banStatus.ts'

/** createAccount, getAccount and deleteAccount return `{ item }`. */
export const AccountResultSchema = z.object({ item: AccountSchema })

export type AccountResult = z.infer<typeof AccountResultSchema>

/** `body` and `signature` are opaque: they go verbatim to GS2-Auth `loginBySignature`. */
export const AuthenticationResultSchema = z.object({
  item: AccountSchema,
  banStatuses: z.pipe(
    z.nullish(z.array(BanStatusSchema)),
    z.transform((v) => v ?? []),
  ),
  body: z.string().check(z.minLength(1)),
  signature: z.string().check(z.minLength(1)),
})

export type AuthenticationResult = z.output<typeof AuthenticationResultSchema>
