import * as z from 'zod/mini'

/**
 * GS2-Account TakeOver model: a (type, userIdentifier) that leads to `userId`. The SDK model has
 * a `password` field, but GS2 never sends the takeover password back, so it is always empty.
 */
export const TakeOverSchema = z.object({
  takeOverId: z.string(),
  userId: z.string(),
  type: z.int(),
  userIdentifier: z.string(),
  password: z.nullish(z.string()),
  createdAt: z.int(),
  revision: z.nullish(z.int()),
})

export type TakeOver = z.infer<typeof TakeOverSchema>
