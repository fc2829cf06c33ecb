import * as z from 'zod/mini'
import { StoredTokenSchema } from './storage/sessionRecords.ts'

// A plain union: with a few options and a literal `type` in each it accepts exactly what a
// discriminatedUnion would, and it keeps zod's discriminated-union code (~0.5 kB gz, measured
// with esbuild on the Profile login entry) out of every game's bundle.
export const CrossTabMessageSchema = z.union([
  z.object({ type: z.literal('token'), token: StoredTokenSchema }),
  z.object({ type: z.literal('signedOut'), reason: z.string().check(z.maxLength(256)) }),
  // A takeover made `userId` the device account: sessions of any other user sign out.
  z.object({
    type: z.literal('switchedAccount'),
    userId: z.string().check(z.minLength(1), z.maxLength(128)),
  }),
])
export type CrossTabMessage = z.infer<typeof CrossTabMessageSchema>

/**
 * What goes over the BroadcastChannel. Any script of the origin can post on it, so everything
 * received is parsed before anyone sees it.
 */
export const CrossTabEnvelopeSchema = z.object({
  gs2ez: z.literal(1),
  from: z.string().check(z.minLength(1), z.maxLength(128)),
  message: CrossTabMessageSchema,
})
export type CrossTabEnvelope = z.infer<typeof CrossTabEnvelopeSchema>
