import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { TakeOverRecord } from './takeOverRecord.ts'

export const takeOverGrn = (ctx: EmulatorContext, record: TakeOverRecord): string =>
  `grn:gs2:${ctx.config.region}:${ctx.config.ownerId}:account:${record.namespaceName}:takeOver:${record.type}:${record.userIdentifier}`

/** The GS2 TakeOver model. `password` is always null: GS2 never sends it back, nor do we. */
export const takeOverView = (ctx: EmulatorContext, record: TakeOverRecord) => ({
  takeOverId: takeOverGrn(ctx, record),
  userId: record.userId,
  type: record.type,
  userIdentifier: record.userIdentifier,
  password: null,
  createdAt: record.createdAt,
  revision: record.revision,
})
