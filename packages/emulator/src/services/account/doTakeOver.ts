import { DoTakeOverRequestSchema } from '@gs2ez/account'
import { randomPassword } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { conflict, unauthorized } from '../../server/emulatorError.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import type { AccountRecord, Change } from '../../store/records.ts'
import { getAccount, namespaceView } from './accountLookup.ts'
import { accountKey, accountView } from './accountView.ts'
import { hashPassword } from './passwordHash.ts'
import { checkTakeOverPassword } from './takeOverPassword.ts'
import { takeOverKey } from './takeOverRecord.ts'
import { findTakeOverByIdentifier, MAX_DEVICE_PASSWORDS } from './takeOverStore.ts'

/** One doTakeOver as it came off the wire: path values and the JSON body. */
export interface DoTakeOverCall {
  readonly namespaceName: string
  readonly type: string
  readonly body: Readonly<Record<string, unknown>>
}

/** Settings changed while a password was being checked are read again, this many times. */
const ATTEMPTS = 3

/**
 * GS2-Account `doTakeOver`, from a device without an access token: checks the takeover
 * password and answers the Account with a password the device logs in with. With the
 * namespace's `changePasswordIfTakeOver` that password replaces the account's (and every one
 * handed out before), so the previous device's `authentication` fails with
 * `account.password.invalid`; without it the previous device keeps working and the new one
 * gets a password of its own (see DevicePasswordsRecord).
 */
export const doTakeOver = async (ctx: EmulatorContext, call: DoTakeOverCall) => {
  const input = coerceWire(
    { ...call.body, type: call.type },
    { type: 'number', userIdentifier: 'string', password: 'string' },
  )
  input.namespaceName = call.namespaceName
  const req = validateWire('account', DoTakeOverRequestSchema, input)
  namespaceView(ctx, req.namespaceName) // 404 for an unknown namespace
  for (let attempt = 1; ; attempt++) {
    const record = findTakeOverByIdentifier(ctx, req.namespaceName, req.type, req.userIdentifier)
    const ok = await checkTakeOverPassword(ctx, req.password, record.passwordHash)
    // The check yielded: if the setting changed meanwhile, decide against the current one.
    if (
      ctx.state.get('takeOvers', takeOverKey(record.namespaceName, record.userId, record.type)) !==
      record
    ) {
      if (attempt < ATTEMPTS) continue
      throw conflict(
        'takeOver',
        'account.takeOver.conflict',
        'takeOver: changed while checked; retry',
      )
    }
    if (!ok) throw unauthorized('password', 'account.password.invalid', 'password: wrong password')
    const account = getAccount(ctx, record.namespaceName, record.userId)
    const ns = ctx.state.get('accountNamespaces', record.namespaceName)
    const password = randomPassword(ctx.random)
    const key = accountKey(account.namespaceName, account.userId)
    let result: AccountRecord = account
    const changes: Change[] = []
    if (ns?.changePasswordIfTakeOver === true) {
      result = {
        ...account,
        passwordHash: hashPassword(ctx, password),
        revision: account.revision + 1,
      }
      changes.push({ t: 'accounts', k: key, v: result })
      if (ctx.state.get('devicePasswords', key)) changes.push({ t: 'devicePasswords', k: key })
    } else {
      const stored = ctx.state.get('devicePasswords', key)?.hashes
      const previous = Array.isArray(stored) ? stored.filter((h) => typeof h === 'string') : []
      const hashes = [...previous, hashPassword(ctx, password)].slice(-MAX_DEVICE_PASSWORDS)
      changes.push({
        t: 'devicePasswords',
        k: key,
        v: { namespaceName: account.namespaceName, userId: account.userId, hashes },
      })
    }
    ctx.state.commit(changes)
    return { item: accountView(ctx, result, password) }
  }
}
