import * as z from 'zod/mini'
import { TakeOverSchema } from './takeOver.ts'

/** createTakeOver, getTakeOver, updateTakeOver and deleteTakeOver return `{ item }`. */
export const TakeOverResultSchema = z.object({ item: TakeOverSchema })

export type TakeOverResult = z.infer<typeof TakeOverResultSchema>

/** describeTakeOvers: a page of the player's takeover settings; `items` null reads as none. */
export const DescribeTakeOversResultSchema = z.object({
  items: z.pipe(
    z.nullish(z.array(TakeOverSchema)),
    z.transform((v) => v ?? []),
  ),
  nextPageToken: z.nullish(z.string()),
})

export type DescribeTakeOversResult = z.output<typeof DescribeTakeOversResultSchema>
