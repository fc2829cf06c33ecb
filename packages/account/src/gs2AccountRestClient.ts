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
import {
  CreateTakeOverRequestSchema,
  DescribeTakeOversRequestSchema,
  DoTakeOverRequestSchema,
  TakeOverRequestSchema,
  UpdateTakeOverRequestSchema,
} from './models/takeOverRequests.ts'
import {
  type DescribeTakeOversResult,
  DescribeTakeOversResultSchema,
  type TakeOverResult,
  TakeOverResultSchema,
} from './models/takeOverResults.ts'

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

  // Takeover: a player registers (type, userIdentifier, password) from the device that has the
  // account, then any device can recover the account with doTakeOver. The register/update/delete
  // calls are not retried: after a lost response a replay would answer 409/401/404 for a change
  // that did happen.

  /** Registers a takeover setting for the player whose access token this is. */
  async createTakeOver(
    req: {
      namespaceName: string
      accessToken: string
      type: number
      userIdentifier: string
      password: string
    },
    options: CallOptions = {},
  ): Promise<TakeOverResult> {
    const input = validateInput(CreateTakeOverRequestSchema, req, 'createTakeOver request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: `/${segment(input.namespaceName)}/account/me/takeover`,
      body: { type: input.type, userIdentifier: input.userIdentifier, password: input.password },
      accessToken: input.accessToken,
      idempotent: false,
      schema: TakeOverResultSchema,
    })
  }

  /** The player's takeover settings, a page at a time (`nextPageToken` until it is null). */
  async describeTakeOvers(
    req: { namespaceName: string; accessToken: string; pageToken?: string; limit?: number },
    options: CallOptions = {},
  ): Promise<DescribeTakeOversResult> {
    const input = validateInput(DescribeTakeOversRequestSchema, req, 'describeTakeOvers request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'GET',
      path: `/${segment(input.namespaceName)}/account/me/takeover`,
      query: { pageToken: input.pageToken, limit: input.limit },
      accessToken: input.accessToken,
      schema: DescribeTakeOversResultSchema,
    })
  }

  async getTakeOver(
    req: { namespaceName: string; accessToken: string; type: number },
    options: CallOptions = {},
  ): Promise<TakeOverResult> {
    const input = validateInput(TakeOverRequestSchema, req, 'getTakeOver request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'GET',
      path: `/${segment(input.namespaceName)}/account/me/takeover/type/${input.type}`,
      accessToken: input.accessToken,
      schema: TakeOverResultSchema,
    })
  }

  /** Changes the takeover password; `oldPassword` must be the current one. */
  async updateTakeOver(
    req: {
      namespaceName: string
      accessToken: string
      type: number
      oldPassword: string
      password: string
    },
    options: CallOptions = {},
  ): Promise<TakeOverResult> {
    const input = validateInput(UpdateTakeOverRequestSchema, req, 'updateTakeOver request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'PUT',
      path: `/${segment(input.namespaceName)}/account/me/takeover/type/${input.type}`,
      body: { oldPassword: input.oldPassword, password: input.password },
      accessToken: input.accessToken,
      idempotent: false,
      schema: TakeOverResultSchema,
    })
  }

  async deleteTakeOver(
    req: { namespaceName: string; accessToken: string; type: number },
    options: CallOptions = {},
  ): Promise<TakeOverResult> {
    const input = validateInput(TakeOverRequestSchema, req, 'deleteTakeOver request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'DELETE',
      path: `/${segment(input.namespaceName)}/account/me/takeover/type/${input.type}`,
      accessToken: input.accessToken,
      idempotent: false,
      schema: TakeOverResultSchema,
    })
  }

  /**
   * Recovers an account on a new device: answers the Account with a password to log in with
   * (`authentication`, then `loginBySignature`). No access token: the new device has none.
   * Retried like a read: a replay only hands out a fresh password again.
   */
  async doTakeOver(
    req: { namespaceName: string; type: number; userIdentifier: string; password: string },
    options: CallOptions = {},
  ): Promise<AccountResult> {
    const input = validateInput(DoTakeOverRequestSchema, req, 'doTakeOver request')
    return this.#session.request({
      ...pickCallOptions(options),
      service: SERVICE,
      method: 'POST',
      path: `/${segment(input.namespaceName)}/takeover/type/${input.type}`,
      body: { userIdentifier: input.userIdentifier, password: input.password },
      schema: AccountResultSchema,
    })
  }
}
