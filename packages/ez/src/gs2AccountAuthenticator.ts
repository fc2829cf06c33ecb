import { Gs2SchemaError } from '@gs2ez/core'
import type { Authenticator, AuthenticatorContext, AuthenticatorResult } from './authenticator.ts'
import { checkString } from './checkString.ts'
import { resolveKeyId } from './keyId.ts'
import { DeviceAccountStore } from './storage/deviceAccountStore.ts'
import { sessionRecordKeys } from './storage/sessionRecords.ts'

export interface Gs2AccountAuthenticatorOptions {
  /** GS2-Account namespace (default `default`). */
  readonly namespaceName?: string
  /** GS2-Key key that signs the authentication (default the project's `default` key). */
  readonly keyId?: string
  /**
   * Log in as this account. Without it, the authenticator uses the device account: created on
   * the first run and stored (IndexedDB), reused on every later run.
   */
  readonly account?: { readonly userId: string; readonly password: string }
}

const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404

/**
 * The GS2-Account login of the Unity/Unreal Ez SDKs: `authentication` (PUT, password check, a
 * signed body) then GS2-Auth `loginBySignature`. Two requests per (re-)authentication, plus the
 * project-token login on the session's first request and `createAccount` on a first run.
 */
export class Gs2AccountAuthenticator implements Authenticator {
  readonly id: string
  readonly namespaceName: string
  readonly #keyId: string | undefined
  readonly #account: { readonly userId: string; readonly password: string } | undefined

  constructor(options: Gs2AccountAuthenticatorOptions = {}) {
    const namespaceName = options.namespaceName ?? 'default'
    checkString(namespaceName, 'namespaceName', 128)
    checkString(options.keyId, 'keyId', 1024, false)
    if (options.account !== undefined) {
      checkString(options.account.userId, 'account.userId', 128)
      checkString(options.account.password, 'account.password', 128)
    }
    this.namespaceName = namespaceName
    this.#keyId = options.keyId
    this.#account = options.account
    // An explicit account gets its own cached token; the device account is one per namespace.
    this.id =
      options.account === undefined
        ? `gs2-account:${namespaceName}`
        : `gs2-account:${namespaceName}:${options.account.userId}`
  }

  async authenticate(context: AuthenticatorContext): Promise<AuthenticatorResult> {
    // Re-authentications run inside the session's own backoff: one request per attempt there
    // (retry: false), or the transport's retries would multiply it. The first login has no
    // outer backoff, so it keeps the transport's.
    const { signal } = context
    const call = context.reason === 'login' ? { signal } : { signal, retry: false }
    const device = this.#account === undefined ? this.#deviceStore(context) : undefined
    let credentials = this.#account ?? (await device?.read().catch(() => undefined))
    if (credentials === undefined) {
      // First run on this device: create the player's account. Never retried (GS2 has no
      // idempotent create): a lost reply fails this attempt, and the session's next attempt
      // is a first run again.
      const { item } = await context.account.createAccount(
        { namespaceName: this.namespaceName },
        { signal },
      )
      if (item.password == null) {
        throw new Gs2SchemaError('createAccount returned no password', {
          status: 200,
          issues: [{ path: ['item', 'password'], message: 'missing' }],
        })
      }
      credentials = { userId: item.userId, password: item.password }
      // Stored before it is used: a crash after this point must not orphan the account.
      await device?.write(credentials).catch(() => {})
    }
    const keyId = resolveKeyId(this.#keyId, context.transport)
    let signed: { body: string; signature: string }
    try {
      signed = await context.account.authentication(
        { namespaceName: this.namespaceName, ...credentials, keyId },
        call,
      )
    } catch (error) {
      // The device's account was deleted: forget it so the next login() starts afresh. A ban
      // or a wrong password keeps it (a new account must not dodge a ban).
      if (device !== undefined && isNotFound(error)) await device.clear().catch(() => {})
      throw error
    }
    return context.auth.loginBySignature(
      {
        keyId: resolveKeyId(this.#keyId, context.transport),
        body: signed.body,
        signature: signed.signature,
      },
      call,
    )
  }

  /** Forgets the device account (its password is the only way back into that account). */
  async forget(
    context: Pick<AuthenticatorContext, 'store' | 'endpoint' | 'clientId'>,
  ): Promise<void> {
    if (this.#account !== undefined) return
    await this.#deviceStore(context).clear()
  }

  #deviceStore(context: Pick<AuthenticatorContext, 'store' | 'endpoint' | 'clientId'>) {
    const keys = sessionRecordKeys({
      endpoint: context.endpoint,
      clientId: context.clientId,
      namespace: this.namespaceName,
      authenticator: this.id,
    })
    return new DeviceAccountStore(context.store, keys.deviceAccount)
  }
}
