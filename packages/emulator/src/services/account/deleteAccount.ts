import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { AccountRecord } from '../../store/records.ts'
import { revokeUserTokens } from '../auth/accessTokens.ts'
import { getAccount } from './accountLookup.ts'
import { accountKey } from './accountView.ts'
import { accountTakeOverCleanup } from './takeOverStore.ts'

/**
 * Deletes an account (404 when there is none) and revokes its tokens: a deleted player must not
 * keep playing on tokens issued before the deletion. The API and the admin route both use it.
 */
export const deleteAccount = (
  ctx: EmulatorContext,
  namespaceName: string,
  userId: string,
): AccountRecord => {
  const account = getAccount(ctx, namespaceName, userId)
  ctx.state.commit([
    { t: 'accounts', k: accountKey(namespaceName, userId) },
    ...accountTakeOverCleanup(ctx, namespaceName, userId),
  ])
  revokeUserTokens(ctx, account.userId)
  return account
}
