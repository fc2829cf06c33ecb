import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { notFound } from '../../server/emulatorError.ts'
import type { AccountRecord } from '../../store/records.ts'
import { accountKey, accountNamespaceGrn } from './accountView.ts'

/** The GS2 Namespace model of an account namespace, or 404 naming namespaceName. */
export const namespaceView = (ctx: EmulatorContext, name: string) => {
  const ns = ctx.state.get('accountNamespaces', name)
  if (!ns)
    throw notFound(
      'namespaceName',
      'account.namespace.notFound',
      `namespaceName: no namespace ${name}`,
    )
  return {
    namespaceId: accountNamespaceGrn(ctx, ns.name),
    name: ns.name,
    description: ns.description,
    changePasswordIfTakeOver: ns.changePasswordIfTakeOver ?? false,
    createdAt: ns.createdAt,
  }
}

/** An account, or 404 naming namespaceName or userId (namespace first, as GS2 does). */
export const getAccount = (
  ctx: EmulatorContext,
  namespaceName: string,
  userId: string,
): AccountRecord => {
  if (!ctx.state.get('accountNamespaces', namespaceName)) namespaceView(ctx, namespaceName) // 404
  const account = ctx.state.get('accounts', accountKey(namespaceName, userId))
  if (!account)
    throw notFound(
      'userId',
      'account.account.notFound',
      `userId: no account ${userId} in ${namespaceName}`,
    )
  return account
}
