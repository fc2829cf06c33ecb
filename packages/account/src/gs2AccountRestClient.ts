import {
  type CallOptions,
  type Gs2RestSession,
  pickCallOptions,
  requireSession,
  ValidationError,
  validateInput,
} from '@gs2ez/core'
import { AccountRequestSchema } from './models/accountRequest.ts'
import { AuthenticationRequestSchema } from './models/authenticationRequest.ts'
import { CreateAccountRequestSchema } from './models/createAccountRequest.ts'
import {
  type AccountResult,
  AccountResultSchema,
  type AuthenticationResult,
  AuthenticationResultSchema,
} from './models/results.ts'

const SERVICE = 'account'

// Path values are encoded even though the official clients do not: validation already refuses
// "/", and encoding keeps any other character from changing the URL.
const segment = (value: string) => encodeURIComponent(value)

/** GS2-Account over REST: the accounts a login authenticates. */
export class Gs2AccountRestClient {
  readonly #session: Gs2RestSession

  constructor(session: Gs2RestSession) {
    this.#session = requireSession(session)
  }

  /**
   * Creates an account with a random password (returned only here). Sent exactly once, never
   * retried and without X-GS2-DUPLICATION-AVOIDER: no official SDK sends that header here, so
   * GS2 is not known to honour it, and a retry after a lost reply could create a second account.
   * A lost reply surfaces as an error; the unreachable account holds no data.
   */
  async createAccount(
    req: { namespaceName: string },
    options: CallOptions = {},
  ): Promise<AccountResult> {
    const input = validateInput(CreateAccountRequestSchema, req, 'createAccount request')
    if (typeof options === 'object' && options !== null && 'duplicationAvoider' in options) {
      throw new ValidationError('duplicationAvoider is not supported on createAccount', {
        field: 'duplicationAvoider',
        reason: 'unsupported',
      })
    }
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: `/${segment(input.namespaceName)}/account`,
      body: {},
      idempotent: false,
      schema: AccountResultSchema,
    })
  }

  /** Checks the password and returns the signed body/signature pair for `loginBySignature`. */
  async authentication(
    req: {
      namespaceName: string
      userId: string
      password: string
      keyId?: string
      timeOffsetToken?: string
    },
    options: CallOptions = {},
  ): Promise<AuthenticationResult> {
    const input = validateInput(AuthenticationRequestSchema, req, 'authentication request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'PUT',
      path: `/${segment(input.namespaceName)}/account/${segment(input.userId)}`,
      body: { keyId: input.keyId, password: input.password },
      ...(input.timeOffsetToken === undefined ? {} : { timeOffsetToken: input.timeOffsetToken }),
      schema: AuthenticationResultSchema,
    })
  }

  async getAccount(
    req: { namespaceName: string; userId: string },
    options: CallOptions = {},
  ): Promise<AccountResult> {
    const input = validateInput(AccountRequestSchema, req, 'getAccount request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'GET',
      path: `/${segment(input.namespaceName)}/account/${segment(input.userId)}`,
      schema: AccountResultSchema,
    })
  }

  async deleteAccount(
    req: { namespaceName: string; userId: string },
    options: CallOptions = {},
  ): Promise<AccountResult> {
    const input = validateInput(AccountRequestSchema, req, 'deleteAccount request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'DELETE',
      path: `/${segment(input.namespaceName)}/account/${segment(input.userId)}`,
      schema: AccountResultSchema,
    })
  }
}
