import { z } from 'zod'
import { BanStatusSchema } from './banStatus.ts'

/**
 * GS2-Account Account model. `password` is only returned by createAccount. Real GS2 sends `null`
 * for unset fields, so optional ones accept it.
 */
export const AccountSchema = z.object({
  accountId: z.string(),
  userId: z.string(),
  password: z.string().nullish(),
  timeOffset: z.number().int().nullish(),
  banStatuses: z.array(BanStatusSchema).nullish(),
  banned: z.boolean().nullish(),
  lastAuthenticatedAt: z.number().int().nullish(),
  createdAt: z.number().int(),
  revision: z.number().int().nullish(),
})

export type Account = z.infer<typeof AccountSchema>
