import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { notFound } from '../../server/emulatorError.ts'
import type { AccountRecord, Change } from '../../store/records.ts'
import { accountKey } from './accountView.ts'
import { checkPassword } from './passwordHash.ts'
import { type TakeOverRecord, takeOverIdentifierKey, takeOverKey } from './takeOverRecord.ts'

/** How many new-device passwords an account keeps; the oldest device's stops working first. */
export const MAX_DEVICE_PASSWORDS = 32

const takeOverNotFound = (what: string) =>
  notFound('takeOver', 'account.takeOver.notFound', `takeOver: ${what}`)

/** The player's setting of this type, or 404. */
export const getOwnTakeOver = (
  ctx: EmulatorContext,
  namespaceName: string,
  userId: string,
  type: number,
): TakeOverRecord => {
  const record = ctx.state.get('takeOvers', takeOverKey(namespaceName, userId, type))
  if (!record) throw takeOverNotFound(`no takeover setting of type ${type}`)
  return record
}

/**
 * The setting a new device names by (type, userIdentifier), if any. The index and the setting
 * must agree: an index entry left behind by a damaged journal is read as absent, never
 * followed, and does not hold the identifier.
 */
export const liveTakeOverByIdentifier = (
  ctx: EmulatorContext,
  namespaceName: string,
  type: number,
  userIdentifier: string,
): TakeOverRecord | undefined => {
  const index = ctx.state.get(
    'takeOverIdentifiers',
    takeOverIdentifierKey(namespaceName, type, userIdentifier),
  )
  const record = index && ctx.state.get('takeOvers', takeOverKey(namespaceName, index.userId, type))
  return record?.userIdentifier === userIdentifier ? record : undefined
}

/** liveTakeOverByIdentifier, or 404. */
export const findTakeOverByIdentifier = (
  ctx: EmulatorContext,
  namespaceName: string,
  type: number,
  userIdentifier: string,
): TakeOverRecord => {
  const record = liveTakeOverByIdentifier(ctx, namespaceName, type, userIdentifier)
  if (!record) {
    throw takeOverNotFound(`no takeover setting of type ${type} for this userIdentifier`)
  }
  return record
}

/** The player's settings in a namespace, by type. */
export const listOwnTakeOvers = (
  ctx: EmulatorContext,
  namespaceName: string,
  userId: string,
): TakeOverRecord[] => {
  const out: TakeOverRecord[] = []
  for (const record of ctx.state.tables.takeOvers.values()) {
    if (record.namespaceName === namespaceName && record.userId === userId) out.push(record)
  }
  return out.sort((a, b) => a.type - b.type)
}

/** Puts a setting and its index entry in one batch (the old index entry goes if it moved). */
export const putTakeOverChanges = (record: TakeOverRecord, previous?: TakeOverRecord): Change[] => {
  const changes: Change[] = []
  if (previous && previous.userIdentifier !== record.userIdentifier) {
    changes.push({
      t: 'takeOverIdentifiers',
      k: takeOverIdentifierKey(previous.namespaceName, previous.type, previous.userIdentifier),
    })
  }
  changes.push(
    { t: 'takeOvers', k: takeOverKey(record.namespaceName, record.userId, record.type), v: record },
    {
      t: 'takeOverIdentifiers',
      k: takeOverIdentifierKey(record.namespaceName, record.type, record.userIdentifier),
      v: { userId: record.userId },
    },
  )
  return changes
}

export const deleteTakeOverChanges = (record: TakeOverRecord): Change[] => [
  { t: 'takeOvers', k: takeOverKey(record.namespaceName, record.userId, record.type) },
  {
    t: 'takeOverIdentifiers',
    k: takeOverIdentifierKey(record.namespaceName, record.type, record.userIdentifier),
  },
]

/**
 * What deleting an account also deletes: its takeover settings (so their identifiers can be
 * registered again) and its new-device passwords.
 */
export const accountTakeOverCleanup = (
  ctx: EmulatorContext,
  namespaceName: string,
  userId: string,
): Change[] => [
  ...listOwnTakeOvers(ctx, namespaceName, userId).flatMap((r) => deleteTakeOverChanges(r)),
  ...(ctx.state.get('devicePasswords', accountKey(namespaceName, userId))
    ? [{ t: 'devicePasswords', k: accountKey(namespaceName, userId) } as const]
    : []),
]

/** Whether `password` is one doTakeOver gave a new device of this account. */
export const checkDevicePassword = (
  ctx: EmulatorContext,
  account: AccountRecord,
  password: string,
): boolean => {
  const record = ctx.state.get('devicePasswords', accountKey(account.namespaceName, account.userId))
  if (!record || !Array.isArray(record.hashes)) return false
  let match = false
  // Every hash is compared, so the time does not tell which device's password it was.
  for (const hash of record.hashes) {
    if (typeof hash === 'string' && checkPassword(ctx, password, hash)) match = true
  }
  return match
}
