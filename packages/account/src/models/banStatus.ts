import * as z from 'zod/mini'

/** A ban on an account; `releaseTimestamp` is epoch ms (absent for a permanent ban). */
export const BanStatusSchema = z.object({
  banStatusId: z.nullish(z.string()),
  name: z.string(),
  reason: z.nullish(z.string()),
  releaseTimestamp: z.nullish(z.int()),
})

export type BanStatus = z.infer<typeof BanStatusSchema>
