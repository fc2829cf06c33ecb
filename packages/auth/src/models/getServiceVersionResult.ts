import * as z from 'zod/mini'

/** `GET /system/version`. */
export const GetServiceVersionResultSchema = z.object({ item: z.string() })

export type GetServiceVersionResult = z.infer<typeof GetServiceVersionResultSchema>
