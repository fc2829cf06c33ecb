import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { Change, ServerUserVia } from '../../store/records.ts'
import { accountKey } from '../account/accountView.ts'

/**
 * The change that remembers (or re-dates) a user a trusted caller named, committed in the same
 * batch as what was issued for it, so the journal never holds one without the other.
 */
export const serverUserSeen = (
  ctx: EmulatorContext,
  userId: string,
  via: ServerUserVia,
): Change => {
  const now = ctx.clock.now()
  const previous = ctx.state.get('serverUsers', userId)
  return {
    t: 'serverUsers',
    k: userId,
    v: { userId, firstSeenAt: previous?.firstSeenAt ?? now, lastSeenAt: now, via },
  }
}

/**
 * Whether a GS2-Account account in any namespace has this userId. Namespaces are few (each is
 * configured or created by hand), so this is a handful of map lookups, not a scan of accounts.
 */
export const hasAccount = (ctx: EmulatorContext, userId: string): boolean => {
  for (const namespaceName of ctx.state.tables.accountNamespaces.keys()) {
    if (ctx.state.tables.accounts.has(accountKey(namespaceName, userId))) return true
  }
  return false
}
