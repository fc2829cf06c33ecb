import { Gs2AccountRestClient } from '@gs2ez/account'
import { Gs2AuthRestClient } from '@gs2ez/auth'
import {
  BasicGs2Credential,
  type Clock,
  type Gs2Region,
  Gs2RestSession,
  type Gs2RestSessionOptions,
  Gs2SchemaError,
  ProjectTokenGs2Credential,
  type RetryPolicy,
  systemClock,
  systemRandom,
  systemTimers,
  type Timers,
  ValidationError,
} from '@gs2ez/core'
import { type Observable, Subject } from 'rxjs'
import type { Authenticator } from './authenticator.ts'
import { checkString } from './checkString.ts'
import { type CrossTabChannel, postToOtherTabs } from './crossTabRefresher.ts'
import type { EzEnvironment } from './ezEnvironment.ts'
import { DisposedError, StorageUnavailableError } from './ezError.ts'
import type { EzEvent } from './ezEvent.ts'
import type { FailureClassifier } from './failurePolicy.ts'
import { GameSession, type ReauthenticationOptions } from './gameSession.ts'
import { createGameSessionDependencies } from './gameSessionDependencies.ts'
import { Gs2AccountAuthenticator } from './gs2AccountAuthenticator.ts'
import type { Revoker } from './revoker.ts'
import type { SecureRandom } from './secureRandom.ts'
import { serverFailure } from './serverFailure.ts'
import { DeviceAccountStore } from './storage/deviceAccountStore.ts'
import { withExclusiveLease } from './storage/exclusiveLease.ts'
import { type EzStore, openEzStore } from './storage/ezStore.ts'
import { LeaseStore } from './storage/leaseStore.ts'
import {
  type DeviceAccountTombstone,
  type SessionRecordScope,
  sessionRecordKeys,
} from './storage/sessionRecords.ts'
import { TokenStore } from './storage/tokenStore.ts'
import { checkTakeOverType, normalizeTransferCodePart } from './transferCode.ts'

export interface ProfileOptions {
  readonly clientId: string
  /** The application credential's secret (GS2-Identifier). Either this or `projectToken`. */
  readonly clientSecret?: string
  /** A project token obtained elsewhere (skips the project-token login). */
  readonly projectToken?: string
  /** Default `ap-northeast-1`. */
  readonly region?: Gs2Region
  /** Default GS2's; the emulator: `http://127.0.0.1:PORT/{service}`. */
  readonly endpointTemplate?: string
  readonly fetch?: typeof fetch
  /** Device clock (epoch ms). Expiry is judged on the server clock derived from it. */
  readonly clock?: Clock
  readonly timers?: Timers
  readonly random?: () => number
  /**
   * Crypto-strong random bytes for transfer codes (default `crypto.getRandomValues`). Never
   * `random`: that one only spreads timers and may be seeded.
   */
  readonly secureRandom?: SecureRandom
  /**
   * Wake events (visibilitychange, pageshow, focus, online, resume). Default: the browser's
   * window/document when present, nothing in Node/SSR. `null` listens to nothing.
   */
  readonly environment?: EzEnvironment | null
  /** Custom persistence (default IndexedDB via `openEzStore`, memory when unavailable). */
  readonly store?: EzStore
  /** Options of the default IndexedDB store. */
  readonly storage?: {
    readonly dbName?: string
    readonly indexedDB?: () => IDBFactory | undefined
    readonly openTimeoutMs?: number
  }
  /** Cross-tab single flight and sync (default on). `false` keeps every tab on its own. */
  readonly crossTab?:
    | boolean
    | { readonly broadcastChannel?: (name: string) => CrossTabChannel | undefined }
  readonly reauthentication?: Partial<ReauthenticationOptions>
  /** Report `clockSkewDetected` when the device clock is off by more than this (default 30 s). */
  readonly clockSkewThresholdMs?: number
  /** Server-side revocation for `logout({ revoke: true })`, e.g. `emulatorRevoker()`. */
  readonly revoker?: Revoker
  /** Overrides which authentication failures sign out (default: `classifyFailure`). */
  readonly classifyFailure?: FailureClassifier
  /** Per-request timeout of the transport (default 10 s). */
  readonly timeoutMs?: number
  /** The transport's retry policy (attempts, backoff, Retry-After cap); GS2's table by default. */
  readonly retry?: Partial<RetryPolicy>
  /** How long the facade's domain cache serves a model (default 15 min, like Unity's). */
  readonly domainCacheTtlMs?: number
}

/** What `profile.takeOver()` needs: the transfer code as the player typed it. */
export interface TakeOverOptions {
  /** GS2-Account namespace of the account to recover. */
  readonly namespaceName: string
  /** GS2 takeover type slot, 0 to 1024 (default 0). */
  readonly type?: number
  /** As typed: case, spaces and dashes do not matter. */
  readonly userIdentifier: string
  /** As typed: case, spaces and dashes do not matter. */
  readonly password: string
}

const noop = () => {}

// From crypto, not the injected `random`: two tabs seeded alike (tests, a deterministic engine
// RNG) must still tell each other apart, or both would believe they hold the refresh lease.
const tabIdentifier = (clock: Clock): string => {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (typeof c?.randomUUID === 'function') return c.randomUUID()
  return `${Math.floor(systemRandom() * 2 ** 48).toString(36)}${clock.now().toString(36)}`
}

/**
 * One GS2 project as the game sees it: credentials, transport, storage, and the players who log
 * in with it. Nothing happens on construction: no request, timer, listener or storage access.
 *
 * ```ts
 * const profile = new Profile({ clientId, clientSecret, endpointTemplate })
 * const session = await profile.login(new Gs2AccountAuthenticator())
 * ```
 */
export class Profile implements AsyncDisposable {
  readonly #options: ProfileOptions
  readonly #clock: Clock
  readonly #timers: Timers
  readonly #random: () => number
  readonly #events = new Subject<EzEvent>()
  readonly #sessions = new Set<GameSession>()
  readonly #byKey = new Map<string, Promise<GameSession>>()
  /** The token record each live session was started on. */
  readonly #sessionKeys = new Map<GameSession, string>()
  /** Takeovers per namespace, one at a time: each replaces the device account. */
  readonly #takeOverQueue = new Map<string, Promise<unknown>>()
  /** Identical takeovers in flight share one doTakeOver. */
  readonly #takeOvers = new Map<string, Promise<GameSession>>()
  #rest: Gs2RestSession | undefined
  #auth: Gs2AuthRestClient | undefined
  #account: Gs2AccountRestClient | undefined
  #store: EzStore | undefined
  #disposed = false
  #tabId: string | undefined
  /** The device clock of the profile's transport, sessions and facade. */
  readonly clock: Clock
  /** Events of every session of this profile, plus storage degradation. Hot, not replayed. */
  readonly events$: Observable<EzEvent>

  constructor(options: ProfileOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('options are required', { field: 'options' })
    }
    checkString(options.clientId, 'clientId', 1024)
    if (options.projectToken === undefined) checkString(options.clientSecret, 'clientSecret', 4096)
    else checkString(options.projectToken, 'projectToken', 4096)
    checkString(options.endpointTemplate, 'endpointTemplate', 1024, false)
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#timers = options.timers ?? systemTimers
    this.#random = options.random ?? systemRandom
    this.clock = this.#clock
    this.events$ = this.#events.asObservable()
  }

  /** The transport, created on first use (creating it sends nothing). */
  get restSession(): Gs2RestSession {
    this.#assertAlive()
    if (this.#rest === undefined) {
      const o = this.#options
      const credential =
        o.projectToken === undefined
          ? new BasicGs2Credential(o.clientId, o.clientSecret ?? '')
          : new ProjectTokenGs2Credential(o.clientId, o.projectToken)
      const options: Gs2RestSessionOptions = {
        credential,
        clock: this.#clock,
        timers: this.#timers,
        random: this.#random,
        ...(o.region === undefined ? {} : { region: o.region }),
        ...(o.endpointTemplate === undefined ? {} : { endpointTemplate: o.endpointTemplate }),
        ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
        ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
        ...(o.retry === undefined ? {} : { retry: o.retry }),
      }
      this.#rest = new Gs2RestSession(options)
    }
    return this.#rest
  }

  get authClient(): Gs2AuthRestClient {
    this.#auth ??= new Gs2AuthRestClient(this.restSession)
    return this.#auth
  }

  get accountClient(): Gs2AccountRestClient {
    this.#account ??= new Gs2AccountRestClient(this.restSession)
    return this.#account
  }

  /** The persistent store, opened on first use. */
  get store(): EzStore {
    this.#assertAlive()
    if (this.#store === undefined) {
      const s = this.#options.storage
      const store =
        this.#options.store ??
        openEzStore({
          timers: this.#timers,
          ...(s?.dbName === undefined ? {} : { dbName: s.dbName }),
          ...(s?.indexedDB === undefined ? {} : { indexedDB: s.indexedDB }),
          ...(s?.openTimeoutMs === undefined ? {} : { openTimeoutMs: s.openTimeoutMs }),
        })
      // The store publishes its degradation; profile subscribers hear it once, from here.
      store.onDegraded?.((info) => this.#events.next({ type: 'storageDegraded', info }))
      this.#store = store
    }
    return this.#store
  }

  /** How long the facade's domain cache serves a model (`createGs2Client(profile)`). */
  get domainCacheTtlMs(): number | undefined {
    return this.#options.domainCacheTtlMs
  }

  /** The live sessions of this profile (a signed-out or disposed session is gone). */
  get sessions(): readonly GameSession[] {
    return [...this.#sessions]
  }

  /**
   * Logs a player in and returns their session. A valid cached token (from an earlier run or
   * another tab) is reused with no request at all; otherwise `authenticator` runs once.
   * Rejects with the authenticator's error when the login fails (nothing is left running).
   */
  async login(authenticator: Authenticator): Promise<GameSession> {
    this.#assertAlive()
    if (typeof authenticator?.authenticate !== 'function') {
      throw new ValidationError('authenticator must have an authenticate() method', {
        field: 'authenticator',
      })
    }
    const scope: SessionRecordScope = {
      endpoint: this.restSession.endpoint('auth'),
      clientId: this.#options.clientId,
      namespace: authenticator.namespaceName ?? '',
      authenticator: authenticator.id ?? 'custom',
    }
    const key = sessionRecordKeys(scope).token
    // A second login() for the same credential (React StrictMode runs effects twice) shares the
    // first one instead of racing it: two first runs would create two device accounts.
    const existing = this.#byKey.get(key)
    if (existing !== undefined) return existing
    const release = () => {
      if (this.#byKey.get(key) === pending) this.#byKey.delete(key)
    }
    const pending: Promise<GameSession> = this.#startSession(authenticator, scope, release)
    this.#byKey.set(key, pending)
    pending.catch(release)
    return pending
  }

  async #startSession(
    authenticator: Authenticator,
    scope: SessionRecordScope,
    release: () => void,
  ): Promise<GameSession> {
    const o = this.#options
    this.#tabId ??= tabIdentifier(this.#clock)
    const dependencies = await createGameSessionDependencies({
      authenticator,
      scope,
      transport: this.restSession,
      auth: this.authClient,
      account: this.accountClient,
      store: this.store,
      clock: this.#clock,
      timers: this.#timers,
      random: this.#random,
      tabId: this.#tabId,
      environment: o.environment,
      crossTab: o.crossTab,
      revoker: o.revoker,
      endpointTemplate: o.endpointTemplate,
      classify: o.classifyFailure,
      reauthentication: o.reauthentication,
      clockSkewThresholdMs: o.clockSkewThresholdMs,
      onEnd: () => {
        this.#sessions.delete(session)
        this.#sessionKeys.delete(session)
        release()
      },
      ...(o.secureRandom === undefined ? {} : { secureRandom: o.secureRandom }),
    })
    const session: GameSession = new GameSession(dependencies)
    this.#sessions.add(session)
    this.#sessionKeys.set(session, sessionRecordKeys(scope).token)
    const forward = session.events$.subscribe((event) => {
      // Profile subscribers hear the store's degradation from the store itself.
      if (event.type === 'storageDegraded') return
      this.#events.next(event)
    })
    session.state$.subscribe({ complete: () => forward.unsubscribe() })
    try {
      await session.start()
    } catch (error) {
      await session.dispose()
      forward.unsubscribe()
      throw error
    }
    return session
  }

  /**
   * Moves a player's account to this device with the transfer code they typed (made with
   * `session.createTransferCode()` on their old device): GS2-Account `doTakeOver`, then the
   * recovered account replaces the stored device account of `namespaceName` (the previous one
   * is kept as a tombstone, reason `replacedByTakeOver`), every session of the previous account
   * in this tab and the other tabs signs out with reason `switchedAccount`, and the player is
   * logged in. Bad input fails with ValidationError before any request; a wrong code or
   * password with an EzError carrying GS2's code (status 4xx).
   */
  async takeOver(options: TakeOverOptions): Promise<GameSession> {
    this.#assertAlive()
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('options are required', { field: 'options' })
    }
    checkString(options.namespaceName, 'namespaceName', 128)
    const namespaceName = options.namespaceName
    const type = checkTakeOverType(options.type ?? 0)
    const userIdentifier = normalizeTransferCodePart(options.userIdentifier, 'userIdentifier')
    const password = normalizeTransferCodePart(options.password, 'password')
    // A double tap (or a retry while the first is running) is one takeover: with
    // changePasswordIfTakeOver a second doTakeOver would void the first one's password.
    const key = JSON.stringify([namespaceName, type, userIdentifier, password])
    const same = this.#takeOvers.get(key)
    if (same !== undefined) return same
    const before = this.#takeOverQueue.get(namespaceName) ?? Promise.resolve()
    const run = () => this.#takeOverExclusively(namespaceName, type, userIdentifier, password)
    const pending = before.then(run, run)
    const settled = pending.catch(noop)
    this.#takeOverQueue.set(namespaceName, settled)
    this.#takeOvers.set(key, pending)
    settled.then(() => {
      if (this.#takeOvers.get(key) === pending) this.#takeOvers.delete(key)
      if (this.#takeOverQueue.get(namespaceName) === settled)
        this.#takeOverQueue.delete(namespaceName)
    })
    return pending
  }

  /**
   * One takeover at a time per namespace across the tabs too: with changePasswordIfTakeOver
   * each doTakeOver voids the password the previous one handed out, so two tabs storing theirs
   * in the other order would both end on a dead password. Held until the login is done.
   */
  #takeOverExclusively(
    namespaceName: string,
    type: number,
    userIdentifier: string,
    password: string,
  ): Promise<GameSession> {
    this.#assertAlive()
    this.#tabId ??= tabIdentifier(this.#clock)
    const { deviceAccount } = sessionRecordKeys({
      endpoint: this.restSession.endpoint('auth'),
      clientId: this.#options.clientId,
      namespace: namespaceName,
      authenticator: '',
    })
    const lease = new LeaseStore(this.store, `${deviceAccount}#takeOver`, this.#tabId)
    return withExclusiveLease(lease, { clock: this.#clock, timers: this.#timers }, () =>
      this.#takeOver(namespaceName, type, userIdentifier, password),
    )
  }

  async #takeOver(
    namespaceName: string,
    type: number,
    userIdentifier: string,
    password: string,
  ): Promise<GameSession> {
    this.#assertAlive()
    const authenticator = new Gs2AccountAuthenticator({ namespaceName })
    const keys = sessionRecordKeys({
      endpoint: this.restSession.endpoint('auth'),
      clientId: this.#options.clientId,
      namespace: namespaceName,
      authenticator: authenticator.id,
    })
    let item: { userId: string; password?: string | null | undefined }
    try {
      ;({ item } = await this.accountClient.doTakeOver({
        namespaceName,
        type,
        userIdentifier,
        password,
      }))
    } catch (error) {
      throw serverFailure(error, 'the takeover failed')
    }
    if (item.password == null) {
      throw new Gs2SchemaError('doTakeOver returned no password', {
        status: 200,
        issues: [{ path: ['item', 'password'], message: 'missing' }],
      })
    }
    const account = { userId: item.userId, password: item.password }
    const device = new DeviceAccountStore(
      this.store,
      keys.deviceAccount,
      keys.deviceAccountTombstones,
    )
    try {
      await device.replace(account, 'replacedByTakeOver', this.#clock.now())
    } catch (cause) {
      // Unstored, the account would be lost again at the next reload. The takeover setting
      // stays on GS2: the same code works again once the store does.
      throw new StorageUnavailableError(
        'the account was recovered but could not be stored on this device: retry with the same code',
        { cause },
      )
    }
    // The previous player's sessions end, here and in the other tabs; the previous player's
    // cached token must not be restored by a reload.
    for (const [session, tokenKey] of this.#sessionKeys) {
      if (tokenKey === keys.token) session.switchedTo(account.userId)
    }
    const crossTab = this.#options.crossTab ?? true
    if (crossTab !== false) {
      this.#tabId ??= tabIdentifier(this.#clock)
      postToOtherTabs({
        tokensKey: keys.token,
        tabId: this.#tabId,
        message: { type: 'switchedAccount', userId: account.userId },
        broadcastChannel: typeof crossTab === 'object' ? crossTab.broadcastChannel : undefined,
      })
    }
    await new TokenStore(this.store, keys.token).discardOtherUsers(account.userId).catch(noop)
    return this.login(authenticator)
  }

  /**
   * The device accounts this device forgot for good in a GS2-Account namespace (deleted on the
   * server, or moved to another device by a takeover), oldest first: userId, when, why. For
   * support screens; passwords are never kept.
   */
  async deviceAccountTombstones(
    namespaceName = 'default',
  ): Promise<readonly DeviceAccountTombstone[]> {
    checkString(namespaceName, 'namespaceName', 128)
    const keys = sessionRecordKeys({
      endpoint: this.restSession.endpoint('auth'),
      clientId: this.#options.clientId,
      namespace: namespaceName,
      authenticator: '',
    })
    return new DeviceAccountStore(
      this.store,
      keys.deviceAccount,
      keys.deviceAccountTombstones,
    ).tombstones()
  }

  /** Disposes every session, closes the transport and the store. The cache stays on disk. */
  async dispose(): Promise<void> {
    if (this.#disposed) return
    this.#disposed = true
    await Promise.all([...this.#sessions].map((s) => s.dispose()))
    this.#rest?.close()
    this.#store?.close()
    this.#events.complete()
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose()
  }

  #assertAlive(): void {
    if (this.#disposed) throw new DisposedError('the profile')
  }
}
