import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { AccountRecord, BanStatusRecord } from '../../store/records.ts'

export const accountGrn = (ctx: EmulatorContext, namespaceName: string, userId: string): string =>
  `grn:gs2:${ctx.config.region}:${ctx.config.ownerId}:account:${namespaceName}:account:${userId}`

export const accountNamespaceGrn = (ctx: EmulatorContext, namespaceName: string): string =>
  `grn:gs2:${ctx.config.region}:${ctx.config.ownerId}:account:${namespaceName}`

export const accountKey = (namespaceName: string, userId: string): string =>
  `${namespaceName}/${userId}`

export const isBanActive = (ban: BanStatusRecord, now: number): boolean =>
  ban.releaseTimestamp === null || ban.releaseTimestamp > now

export const isBanned = (account: AccountRecord, now: number): boolean =>
  account.banStatuses.some((ban) => isBanActive(ban, now))

export const banStatusView = (
  ctx: EmulatorContext,
  account: AccountRecord,
  ban: BanStatusRecord,
) => ({
  banStatusId: `${accountGrn(ctx, account.namespaceName, account.userId)}:ban:${ban.name}`,
  name: ban.name,
  reason: ban.reason,
  releaseTimestamp: ban.releaseTimestamp,
})

/** The GS2 Account model; `password` only when it was just created. */
export const accountView = (
  ctx: EmulatorContext,
  account: AccountRecord,
  password: string | null = null,
) => {
  const now = ctx.clock.now()
  return {
    accountId: accountGrn(ctx, account.namespaceName, account.userId),
    userId: account.userId,
    password,
    timeOffset: account.timeOffset,
    banStatuses: account.banStatuses.map((ban) => banStatusView(ctx, account, ban)),
    banned: isBanned(account, now),
    lastAuthenticatedAt: account.lastAuthenticatedAt,
    createdAt: account.createdAt,
    revision: account.revision,
  }
}
