import { z } from 'zod'

/** A ban on an account; `releaseTimestamp` is epoch ms (absent for a permanent ban). */
export const BanStatusSchema = z.object({
  banStatusId: z.string().nullish(),
  name: z.string(),
  reason: z.string().nullish(),
  releaseTimestamp: z.number().int().nullish(),
})

export type BanStatus = z.infer<typeof BanStatusSchema>
