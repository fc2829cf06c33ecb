import * as z from 'zod/mini'
import { CachedSessionSchema } from './storage/storedToken.ts'

// A plain union: with two options and a literal `type` in each it accepts exactly what a
// discriminatedUnion would, and it keeps zod's discriminated-union code (~0.5 kB gz, measured
// with esbuild on the Profile login entry) out of every game's bundle.
export const CrossTabMessageSchema = z.union([
  z.object({ type: z.literal('session'), session: CachedSessionSchema }),
  z.object({ type: z.literal('signedOut'), reason: z.string().check(z.maxLength(256)) }),
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

/**
 * The claim on the next refresh, kept in the store next to the session. It frees itself at
 * `expiresAt`, so a tab that dies or freezes mid-refresh blocks the others for one lease at most.
 */
export const CrossTabLeaseSchema = z.object({
  holder: z.string().check(z.minLength(1), z.maxLength(128)),
  generation: z.int().check(z.minimum(0)),
  expiresAt: z.number(),
})
export type CrossTabLease = z.infer<typeof CrossTabLeaseSchema>
