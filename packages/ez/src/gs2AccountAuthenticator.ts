import { Gs2SchemaError, ValidationError } from '@gs2ez/core'
import type {
  Authenticator,
  AuthenticatorContext,
  AuthenticatorResult,
  IdentityProofContext,
} from './authenticator.ts'
import { checkString } from './checkString.ts'
import {
  CredentialsRejectedError,
  EZ_ERROR_CODES,
  EzError,
  StorageUnavailableError,
} from './ezError.ts'
import type { IdentityProof } from './identityProof.ts'
import { resolveKeyId } from './keyId.ts'
import { DeviceAccountStore } from './storage/deviceAccountStore.ts'
import { type DeviceAccount, type RecordRead, sessionRecordKeys } from './storage/sessionRecords.ts'

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
  /**
   * When the store cannot say whether a device account exists (IndexedDB degraded, a read that
   * failed or timed out): `fail` (default) rejects the login with `StorageUnavailableError`;
   * `temporaryAccount` plays on a new account that is never stored, flagged `temporary` on the
   * session and in `loggedIn` (warn the player: its progress is lost on reload).
   */
  readonly onStorageUnavailable?: 'fail' | 'temporaryAccount'
}

/** GS2's own test for "this account does not exist": the account service's not-found code. */
const isAccountNotFound = (error: unknown) => errorCodes(error).includes('account.account.notFound')

/** The device's password was refused: after a takeover that changed it, the account moved. */
const isPasswordInvalid = (error: unknown) =>
  errorCodes(error).some((code) => code.startsWith('account.password.invalid'))

const errorCodes = (error: unknown): string[] => {
  if (typeof error !== 'object' || error === null) return []
  const e = error as { code?: unknown; details?: unknown }
  const codes = typeof e.code === 'string' ? [e.code] : []
  if (Array.isArray(e.details)) {
    for (const d of e.details as { code?: unknown }[]) {
      if (typeof d?.code === 'string') codes.push(d.code)
    }
  }
  return codes
}

/**
 * A store with no persistence at all can hide no account: a memory store chosen by the game, or
 * one whose IndexedDB does not exist here (Node, a browser that refuses it outright). A store
 * that timed out, was blocked or failed may be hiding the player's account.
 */
const hasNoPersistence = (store: DeviceAccountStore['store']): boolean => {
  if (store.kind !== 'memory') return false
  if (store.onDegraded === undefined) return true
  let reason: string | undefined
  store.onDegraded((info) => {
    reason = info.reason
  })()
  return reason === 'unavailable'
}

/** `#authenticationFailed` found a newer credential stored: authenticate again with it. */
const RETRY = Symbol('retry')

const statusOf = (error: unknown) =>
  typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined

/**
 * The GS2-Account login of the Unity/Unreal Ez SDKs: `authentication` (PUT, password check, a
 * signed body) then GS2-Auth `loginBySignature`. Two requests per (re-)authentication, plus the
 * project-token login on the session's first request and `createAccount` on a first run.
 *
 * A device account is created only on a genuine first run: a healthy store that confirms none is
 * stored. Once read, the account is this authenticator's credential for its whole life: a store
 * that later loses it (cleared site data) gets it written back, never replaced.
 */
export class Gs2AccountAuthenticator implements Authenticator {
  readonly id: string
  readonly namespaceName: string
  readonly #keyId: string | undefined
  readonly #account: { readonly userId: string; readonly password: string } | undefined
  readonly #onStorageUnavailable: 'fail' | 'temporaryAccount'
  /** The device account this authenticator has used: outlives the store's copy. */
  #known: { credentials: DeviceAccount; temporary: boolean } | undefined

  constructor(options: Gs2AccountAuthenticatorOptions = {}) {
    const namespaceName = options.namespaceName ?? 'default'
    checkString(namespaceName, 'namespaceName', 128)
    checkString(options.keyId, 'keyId', 1024, false)
    if (options.account !== undefined) {
      checkString(options.account.userId, 'account.userId', 128)
      checkString(options.account.password, 'account.password', 128)
    }
    const policy = options.onStorageUnavailable ?? 'fail'
    if (policy !== 'fail' && policy !== 'temporaryAccount') {
      throw new ValidationError("onStorageUnavailable must be 'fail' or 'temporaryAccount'", {
        field: 'onStorageUnavailable',
      })
    }
    this.namespaceName = namespaceName
    this.#keyId = options.keyId
    this.#account = options.account
    this.#onStorageUnavailable = policy
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
    const keyId = resolveKeyId(this.#keyId, context.transport)
    let signed: { body: string; signature: string } | undefined
    let temporary = false
    // Twice at most: a refused password whose record another tab replaced meanwhile (a
    // takeover stored a new password) is retried once with what is stored now.
    for (let attempt = 1; signed === undefined; attempt++) {
      const used =
        this.#account === undefined && device !== undefined
          ? await this.#deviceCredentials(context, device)
          : { credentials: this.#account as DeviceAccount, temporary: false }
      temporary = used.temporary
      try {
        signed = await context.account.authentication(
          { namespaceName: this.namespaceName, ...used.credentials, keyId },
          call,
        )
      } catch (error) {
        const failure = await this.#authenticationFailed(
          error,
          used.credentials,
          device,
          temporary,
          context,
        )
        if (failure !== RETRY) throw failure
        if (attempt >= 2) throw error
      }
    }
    const result = await context.auth.loginBySignature(
      { keyId, body: signed.body, signature: signed.signature },
      call,
    )
    return temporary ? { ...result, temporary: true } : result
  }

  /** The device account to log in with; creates one only on a confirmed first run. */
  async #deviceCredentials(
    context: AuthenticatorContext,
    device: DeviceAccountStore,
  ): Promise<{ credentials: DeviceAccount; temporary: boolean }> {
    let read: RecordRead<DeviceAccount> | undefined
    let readError: unknown
    try {
      read = await device.load()
    } catch (error) {
      readError = error
    }
    const known = this.#known
    if (read?.status === 'found') {
      // Another account stored under a live session: a takeover replaced the device account.
      // The session ends (the game logs in again); a login always takes what is stored.
      if (context.reason !== 'login' && known !== undefined && !known.temporary) {
        this.#checkSameUser(known.credentials, read.value)
      }
      // A temporary account never overrides the real one once the store answers again.
      this.#known = { credentials: read.value, temporary: false }
      return this.#known
    }
    if (known !== undefined) {
      // The store lost (or cannot show) the account this session plays: keep playing it, and
      // put it back where the next run will look (a temporary one is never written). Only
      // where nothing is stored: a takeover's account written meanwhile is never overwritten.
      const stored = await this.#putBack(device, known, read)
      if (stored !== undefined) this.#checkSameUser(known.credentials, stored)
      if (stored?.password === known.credentials.password) {
        context.announce?.({ type: 'storageRestored', userId: known.credentials.userId })
      }
      return known
    }
    if (context.reason !== 'login') {
      // A session of some player is alive, but this tab never read its credential and the
      // store no longer has it: creating an account now would fork the player.
      throw new StorageUnavailableError(
        "the device account of this session's player is no longer stored; no account was created",
        { cause: readError ?? new Error(`the device account record is ${read?.status}`) },
      )
    }
    const firstRun = read?.status === 'empty' && (read.confirmed || hasNoPersistence(device.store))
    if (!firstRun) {
      const cause = readError ?? new Error(`the store is ${device.store.kind}, not persistent`)
      if (this.#onStorageUnavailable === 'fail') {
        throw new StorageUnavailableError(
          'the device account could not be read; no account was created (retry later)',
          { cause },
        )
      }
      const credentials = await this.#create(context)
      this.#known = { credentials, temporary: true }
      context.announce?.({ type: 'temporaryAccount', userId: credentials.userId, cause })
      return this.#known
    }
    const created = await this.#create(context)
    // Stored before it is used: a crash after this point must not orphan the account. Two
    // first runs at once (two tabs) end on one account: the one stored first.
    const credentials = await device.writeIfAbsent(created).catch(() => created)
    this.#known = { credentials, temporary: false }
    return this.#known
  }

  /**
   * Writes the session's device account back where the store confirms nothing is stored (a
   * temporary one never is). Returns what is stored then: a takeover's account written
   * meanwhile is never overwritten. Undefined when nothing was written.
   */
  async #putBack(
    device: DeviceAccountStore,
    known: { credentials: DeviceAccount; temporary: boolean },
    read: RecordRead<DeviceAccount> | undefined,
  ): Promise<DeviceAccount | undefined> {
    if (known.temporary || read?.status !== 'empty' || !read.confirmed) return undefined
    // Still unwritable: the credential in memory carries the session.
    return device.writeIfAbsent(known.credentials).catch(() => undefined)
  }

  /** Throws the session-ending `switchedAccount` error when `stored` is another user. */
  #checkSameUser(known: DeviceAccount, stored: DeviceAccount): void {
    if (stored.userId === known.userId) return
    this.#known = undefined
    throw new EzError(
      `the device account is now ${stored.userId}, not ${known.userId} (taken over): log in again`,
      { code: EZ_ERROR_CODES.switchedAccount, status: 401 },
    )
  }

  /**
   * First run on this device: create the player's account. Never retried (GS2 has no
   * idempotent create): a lost reply fails this attempt, and the next attempt is a first run.
   */
  async #create(context: AuthenticatorContext): Promise<DeviceAccount> {
    const { item } = await context.account.createAccount(
      { namespaceName: this.namespaceName },
      { signal: context.signal },
    )
    if (item.password == null) {
      throw new Gs2SchemaError('createAccount returned no password', {
        status: 200,
        issues: [{ path: ['item', 'password'], message: 'missing' }],
      })
    }
    return { userId: item.userId, password: item.password }
  }

  /** The error to throw for a failed `authentication`; forgets the account only when GS2 says so. */
  async #authenticationFailed(
    error: unknown,
    credentials: DeviceAccount,
    device: DeviceAccountStore | undefined,
    temporary: boolean,
    context: AuthenticatorContext,
  ): Promise<unknown> {
    const now = context.now?.() ?? Date.now()
    if (device !== undefined && !temporary && isPasswordInvalid(error)) {
      // A device password is never changed but by a takeover with changePasswordIfTakeOver:
      // the player continues on another device. Not a ban: that keeps its own code. Only this
      // very credential is buried: a newer one stored meanwhile (a takeover in another tab of
      // this browser) is tried instead.
      const buried = await device
        .bury(credentials.userId, 'movedToAnotherDevice', now, credentials.password)
        .catch(() => true)
      if (!buried) return RETRY
      this.#known = undefined
      return new EzError(`account ${credentials.userId} moved to another device`, {
        code: EZ_ERROR_CODES.movedToAnotherDevice,
        status: 401,
        cause: error,
      })
    }
    if (isAccountNotFound(error)) {
      // GS2's definitive answer that this account is gone: a tombstone replaces it.
      if (device !== undefined) {
        this.#known = undefined
        if (!temporary) await device.bury(credentials.userId, 'notFound', now).catch(() => {})
      }
      return new CredentialsRejectedError(`account ${credentials.userId} does not exist`, {
        code: 'account.account.notFound',
        status: 404,
        cause: error,
      })
    }
    if (statusOf(error) === 404) {
      // Any other 404 (namespace missing, wrong endpoint, a proxy) says nothing about the
      // account: the stored credential stays, the game learns its configuration is wrong.
      return new EzError(
        `GS2-Account answered 404 for namespace ${this.namespaceName}: check the namespace name and endpoint`,
        { code: EZ_ERROR_CODES.accountConfiguration, status: 404, cause: error },
      )
    }
    return error
  }

  /**
   * A reload restored the session of `userId` from the cache: remember the stored device
   * account now, so that a store cleared later (site data) gets it written back at the next
   * re-authentication instead of a new account being made. Refuses the token of another user
   * than the stored account (a takeover replaced it while an old tab committed a token).
   */
  async restore(context: IdentityProofContext, userId: string): Promise<boolean> {
    if (this.#account !== undefined) return true
    let read: RecordRead<DeviceAccount> | undefined
    try {
      read = await this.#deviceStore(context).load()
    } catch {
      // Unreadable now: the token stays; a re-authentication reads the store again.
      return true
    }
    if (read.status !== 'found') return true
    if (read.value.userId !== userId) return false
    this.#known ??= { credentials: read.value, temporary: false }
    return true
  }

  /**
   * Site data was cleared while the session plays: the device account it holds goes back into
   * the store at once, so a tab opened (or a reload made) before the next re-authentication
   * finds the same player instead of a first run.
   */
  async writeBack(context: IdentityProofContext): Promise<boolean> {
    const known = this.#known
    if (this.#account !== undefined || known === undefined) return false
    const device = this.#deviceStore(context)
    const read = await device.load().catch(() => undefined)
    const stored = await this.#putBack(device, known, read)
    // Another account stored meanwhile (a takeover) is the next re-authentication's to report.
    return (
      stored?.userId === known.credentials.userId && stored.password === known.credentials.password
    )
  }

  /**
   * Signs who the player is with the credential this authenticator logs in with: the one in
   * use (a temporary account too: linking it to a username is how its progress is kept), else
   * the stored device account. Never creates an account.
   */
  async proveIdentity(context: IdentityProofContext): Promise<IdentityProof> {
    let credentials = this.#account ?? this.#known?.credentials
    if (credentials === undefined) {
      let read: RecordRead<DeviceAccount> | undefined
      let cause: unknown
      try {
        read = await this.#deviceStore(context).load()
      } catch (error) {
        cause = error
      }
      if (read?.status !== 'found') {
        throw new StorageUnavailableError(
          'the device account could not be read, so there is nothing to prove (retry later)',
          { cause: cause ?? new Error(`the device account record is ${read?.status}`) },
        )
      }
      credentials = read.value
    }
    const keyId = resolveKeyId(this.#keyId, context.transport)
    const signed = await context.account.authentication(
      { namespaceName: this.namespaceName, ...credentials, keyId },
      { signal: context.signal },
    )
    return { userId: credentials.userId, keyId, body: signed.body, signature: signed.signature }
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
    return new DeviceAccountStore(context.store, keys.deviceAccount, keys.deviceAccountTombstones)
  }
}
