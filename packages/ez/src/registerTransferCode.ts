import type { Gs2AccountRestClient } from '@gs2ez/account'
import type { SecureRandom } from './secureRandom.ts'
import { serverFailure } from './serverFailure.ts'
import { generateTransferCode, type TransferCode } from './transferCode.ts'

export interface RegisterTransferCodeParts {
  readonly account: Gs2AccountRestClient
  readonly secureRandom: SecureRandom
  readonly namespaceName: string
  readonly type: number
  /** Runs a call with the player's access token (and re-authenticates once on a 401). */
  readonly call: <T>(fn: (accessToken: string, signal: AbortSignal) => Promise<T>) => Promise<T>
}

/** A fresh code, then a setting already there, then a code that collided: three at most. */
const ATTEMPTS = 3

const statusOf = (error: unknown) =>
  typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined

/**
 * Registers a new transfer code as the player's takeover setting of `type`. GS2 changes a
 * setting's password only with the old one, which is never kept, so a setting already in the
 * slot (an earlier code: it stops working) is deleted and the new one created. createTakeOver
 * is not replayed by the transport: after a lost answer the next attempt finds the slot taken
 * and replaces it the same way.
 */
export const registerTransferCode = async (
  parts: RegisterTransferCodeParts,
): Promise<TransferCode> => {
  const { account, namespaceName, type } = parts
  for (let attempt = 1; ; attempt++) {
    const code = generateTransferCode(parts.secureRandom, type)
    try {
      await parts.call((accessToken, signal) =>
        account.createTakeOver(
          {
            namespaceName,
            accessToken,
            type,
            userIdentifier: code.userIdentifier,
            password: code.password,
          },
          { signal },
        ),
      )
      return code
    } catch (error) {
      // 409: the slot holds a setting (replace it) or, with odds of about 2^-59 per code
      // registered, the identifier is someone else's (a new code is drawn either way).
      if (statusOf(error) !== 409 || attempt >= ATTEMPTS) {
        throw serverFailure(error, 'the transfer code could not be registered')
      }
    }
    try {
      await parts.call((accessToken, signal) =>
        account.deleteTakeOver({ namespaceName, accessToken, type }, { signal }),
      )
    } catch (error) {
      // 404: nothing of ours in the slot, so it was the identifier that collided.
      if (statusOf(error) !== 404) {
        throw serverFailure(error, 'the previous transfer code could not be replaced')
      }
    }
  }
}
