import { openSealed, seal, sha256Hex } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { AccountRecord, AvoiderRecord, Change } from '../../store/records.ts'
import { accountKey } from './accountView.ts'

/** A duplication avoider answers retries for a day, then the value can be reused. */
const AVOIDER_TTL_MS = 24 * 3_600_000

/**
 * The record's key and the key that seals the password are two different hashes of the
 * avoider, so the data directory holds neither the avoider nor anything that opens the seal:
 * only a client that still has the avoider (the one retrying) gets the password back, as from
 * GS2. (A guessable avoider is as weak here as it is on the API: prefer a random UUID.)
 */
const recordKey = (namespaceName: string, avoider: string) =>
  `avoider:${sha256Hex(`gs2ez-avoider-id\n${namespaceName}\n${avoider}`)}`
const sealKey = (namespaceName: string, avoider: string) =>
  Buffer.from(sha256Hex(`gs2ez-avoider-seal\n${namespaceName}\n${avoider}`), 'hex')

/** The account (and its password) a createAccount with this avoider made, if still live. */
export const findAvoided = (
  ctx: EmulatorContext,
  namespaceName: string,
  avoider: string,
): { account: AccountRecord; password: string } | undefined => {
  const seen = ctx.state.get('avoiders', recordKey(namespaceName, avoider))
  if (!seen?.sealedPassword || seen.expiresAt <= ctx.clock.now()) return undefined
  const account = ctx.state.get('accounts', accountKey(namespaceName, seen.userId))
  const password = openSealed(sealKey(namespaceName, avoider), seen.sealedPassword)
  return account && password !== undefined ? { account, password } : undefined
}

/** The change that remembers a createAccount under its avoider. */
export const avoiderChange = (
  ctx: EmulatorContext,
  namespaceName: string,
  avoider: string,
  account: { userId: string; password: string },
): Change => {
  const record: AvoiderRecord = {
    namespaceName,
    userId: account.userId,
    expiresAt: ctx.clock.now() + AVOIDER_TTL_MS,
    sealedPassword: seal(sealKey(namespaceName, avoider), account.password, ctx.random),
  }
  return { t: 'avoiders', k: recordKey(namespaceName, avoider), v: record }
}
