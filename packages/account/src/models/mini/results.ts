import * as z from 'zod/mini'

export const BanStatusMiniSchema = z.object({
  banStatusId: z.nullish(z.string()),
  name: z.string(),
  reason: z.nullish(z.string()),
  releaseTimestamp: z.nullish(z.int()),
})

export const AccountMiniSchema = z.object({
  accountId: z.string(),
  userId: z.string(),
  password: z.nullish(z.string()),
  timeOffset: z.nullish(z.int()),
  banStatuses: z.nullish(z.array(BanStatusMiniSchema)),
  banned: z.nullish(z.boolean()),
  lastAuthenticatedAt: z.nullish(z.int()),
  createdAt: z.int(),
  revision: z.nullish(z.int()),
})

export const AccountResultMiniSchema = z.object({ item: AccountMiniSchema })

export const AuthenticationResultMiniSchema = z.object({
  item: AccountMiniSchema,
  banStatuses: z.pipe(
    z.nullish(z.array(BanStatusMiniSchema)),
    z.transform((v) => v ?? []),
  ),
  body: z.string().check(z.minLength(1)),
  signature: z.string().check(z.minLength(1)),
})
