import * as z from 'zod/mini'
import { BanStatusSchema } from './banStatus.ts'

/**
 * GS2-Account Account model. `password` is only returned by createAccount. Real GS2 sends `null`
 * for unset fields, so optional ones accept it.
 */
export const AccountSchema = z.object({
  accountId: z.string(),
  userId: z.string(),
  password: z.nullish(z.string()),
  timeOffset: z.nullish(z.int()),
  banStatuses: z.nullish(z.array(BanStatusSchema)),
  banned: z.nullish(z.boolean()),
  lastAuthenticatedAt: z.nullish(z.int()),
  createdAt: z.int(),
  revision: z.nullish(z.int()),
})

export type Account = z.infer<typeof AccountSchema>
