import type { Gs2AccountRestClient } from '@gs2ez/account'
import type { Clock, Timers } from '@gs2ez/core'
import { ValidationError } from '@gs2ez/core'
import { BehaviorSubject, type Observable } from 'rxjs'
import type {
  AuthenticationReason,
  AuthenticatorAnnouncement,
  AuthenticatorResult,
} from './authenticator.ts'
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
import type { CrossTabMessage } from './crossTabMessage.ts'
import { type DeadlineCause, DeadlineScheduler } from './deadlineScheduler.ts'
import { EventStream } from './eventStream.ts'
import type { EzAccessToken } from './ezAccessToken.ts'
import type { EzEnvironment, WakeEvent } from './ezEnvironment.ts'
import {
  DisposedError,
  EZ_ERROR_CODES,
  EzError,
  ReauthenticationPendingError,
  SignedOutError,
  TokenLifetimeTooShortError,
} from './ezError.ts'
import type { EzEvent } from './ezEvent.ts'
import {
  classifyFailure,
  type FailureClassifier,
  isUnauthorized,
  retryAfterOf,
} from './failurePolicy.ts'
import type { IdentityProof } from './identityProof.ts'
import type { Refresher } from './refresher.ts'
import { refreshAt } from './refreshPlan.ts'
import { registerTransferCode } from './registerTransferCode.ts'
import type { SecureRandom } from './secureRandom.ts'
import { serverFailure } from './serverFailure.ts'
import type { EzSessionState, SignOutReason } from './sessionState.ts'
import { SingleFlight } from './singleFlight.ts'
import type { StorageDurability } from './storage/durableStorage.ts'
import type { StorageDegradedInfo } from './storage/ezStore.ts'
import type { StoredToken } from './storage/sessionRecords.ts'
import type { TokenStore } from './storage/tokenStore.ts'
import { checkTakeOverType, type TransferCode } from './transferCode.ts'

export interface ReauthenticationOptions {
  /** Re-authenticate this long before expiry (default 5 min; short lifetimes use 2/3 instead). */
  readonly marginMs: number
  /** Refreshes are spread up to this much earlier so tabs and players desynchronise (30 s). */
  readonly jitterMs: number
  /**
   * A token with less than this left is never handed out (default 30 s, at most a tenth of
   * the token's lifetime): it covers the request's own latency and the clock estimate's error.
   */
  readonly minValidityMs: number
  readonly backoff: BackoffOptions
  /** Storm guard: a wake event (`online`) never retries more often than this (1 s). */
  readonly minRetryIntervalMs: number
  /**
   * Even a failing session hands a token out only while it outlives the server clock's error
   * plus this much (default 2 s): the latency of the request the game sends with it.
   */
  readonly latencyMarginMs: number
  /**
   * Once no token can be served and attempts fail, the longest wait between two attempts
   * (default 5 s, jittered down to half): the backoff stops growing while a player waits.
   */
  readonly expiredRetryMaxMs: number
  /**
   * Once no token can be served, a read retries at once when no attempt started for this long
   * (default 2 s), so a game that keeps asking gets a token soon after GS2 answers again.
   */
  readonly readRetryQuietMs: number
  /** Proactive timer and wake listeners (default true). Off: refresh only on reads and 401s. */
  readonly autoRefresh: boolean
}

export const DEFAULT_REAUTHENTICATION: ReauthenticationOptions = {
  marginMs: 5 * 60_000,
  jitterMs: 30_000,
  minValidityMs: 30_000,
  backoff: DEFAULT_BACKOFF,
  minRetryIntervalMs: 1_000,
  latencyMarginMs: 2_000,
  expiredRetryMaxMs: 5_000,
  readRetryQuietMs: 2_000,
  autoRefresh: true,
}

/** The server clock as a session sees it. */
export interface SessionServerClock {
  /** Estimated server epoch ms: every expiry is judged on it, never on the raw device clock. */
  now(): number
  /** How far `now()` may be off (ms); 0 when absent (an exact clock, in tests). */
  errorMs?(): number
  /**
   * Called after this tab authenticated: keeps the offset just measured (persisted for the next
   * run) and returns the skew to report as `clockSkewDetected`, if any.
   */
  afterAuthentication?(): number | undefined
}

/**
 * The collaborators of a session, built by `createGameSessionDependencies` (Profile) or by a
 * test. Each is a narrow interface; none calls back into the session.
 */
export interface GameSessionDependencies {
  /** Runs the authenticator once. Called at most once at a time (single flight). */
  authenticate(
    reason: AuthenticationReason,
    signal: AbortSignal,
    announce?: (event: AuthenticatorAnnouncement) => void,
  ): Promise<AuthenticatorResult>
  serverClock: SessionServerClock
  /** Device clock, only for latencies and the storm guard. */
  clock: Clock
  timers: Timers
  random(): number
  environment(): EzEnvironment | undefined
  /** The token record (restore on login, clear on sign-out). */
  tokens?: TokenStore | undefined
  /**
   * Whether a cached token may be restored: a device-account login refuses one of another user
   * than the stored device account (a takeover replaced it while an old tab committed a token).
   */
  acceptsCachedToken?: ((token: StoredToken, signal: AbortSignal) => Promise<boolean>) | undefined
  /** Runs every refresh and commits it: local, or cross-tab. */
  refresher: Refresher
  /** Server-side revocation for `logout({ revoke: true })`. */
  revoker?: ((token: EzAccessToken) => Promise<void>) | undefined
  /** Deletes the authenticator's stored credentials for `logout({ forgetCredentials: true })`. */
  forget?: (() => Promise<void>) | undefined
  classify?: FailureClassifier | undefined
  reauthentication?: Partial<ReauthenticationOptions> | undefined
  /** The store's notice that the browser deleted its data (`EzStore.onCleared`). */
  storageCleared?: ((listener: () => void) => () => void) | undefined
  /** Puts the authenticator's credential back into a cleared store; true when it did. */
  writeBack?: ((signal: AbortSignal) => Promise<boolean>) | undefined
  /** The store's own degradation notice (`EzStore.onDegraded`). */
  storageDegraded?: ((listener: (info: StorageDegradedInfo) => void) => () => void) | undefined
  /** The profile's storage durability reports (the last one at once, then each new one). */
  storageDurability?:
    | ((listener: (durability: StorageDurability) => void) => () => void)
    | undefined
  /** Called once from dispose() and after sign-out, to release per-session resources. */
  onEnd?: (() => void) | undefined
  /** What `createTransferCode()` registers with: GS2-Account and where the player lives. */
  takeOver?: TakeOverDependencies | undefined
  /** The authenticator's proof of identity, for `createIdentityProof()`, when it has one. */
  proveIdentity?: ((signal: AbortSignal) => Promise<IdentityProof>) | undefined
}

/** The parts of a session that register transfer codes (GS2-Account takeover settings). */
export interface TakeOverDependencies {
  readonly account: Gs2AccountRestClient
  /** The GS2-Account namespace of the session's authenticator, when it has one. */
  readonly namespaceName?: string | undefined
  /** Crypto-strong bytes for the code (never the jitter `random`). */
  readonly secureRandom: SecureRandom
}

export interface CreateTransferCodeOptions {
  /** GS2 takeover type slot, 0 to 1024 (default 0). A setting already there is replaced. */
  readonly type?: number
  /** Default: the namespace of the session's Gs2AccountAuthenticator. */
  readonly namespaceName?: string
}

export interface LogoutOptions {
  /** Also invalidate the token on the server, through the profile's `revoker`. */
  readonly revoke?: boolean
  /** Also delete stored credentials (a device account's password: the account is then lost). */
  readonly forgetCredentials?: boolean
}

const noop = () => {}
/** No GS2 token lives longer than a day; a longer "match" is a bug in the caller. */
const MAX_MATCH_MS = 24 * 3_600_000

/** A custom authenticator's result is checked before it is cached and shared with other tabs. */
const checkResult = (result: AuthenticatorResult): AuthenticatorResult => {
  const bad = (field: string, why: string) =>
    new ValidationError(`the authenticator returned a bad ${field}: ${why}`, { field })
  if (typeof result !== 'object' || result === null) throw bad('result', 'not an object')
  if (typeof result.token !== 'string' || result.token.length === 0 || result.token.length > 1024) {
    throw bad('token', 'must be a string of 1 to 1024 characters')
  }
  if (
    typeof result.userId !== 'string' ||
    result.userId.length === 0 ||
    result.userId.length > 128
  ) {
    throw bad('userId', 'must be a string of 1 to 128 characters')
  }
  // GS2 expiries are epoch milliseconds; seconds (< 1e12) would look expired at once.
  if (!Number.isSafeInteger(result.expire) || result.expire < 1e12) {
    throw bad('expire', 'must be epoch milliseconds')
  }
  return result
}

const toEzAccessToken = (session: StoredToken): EzAccessToken => ({
  token: session.token,
  userId: session.userId,
  expire: session.expire,
  ...(session.federationFromUserId == null
    ? {}
    : { federationFromUserId: session.federationFromUserId }),
  ...(session.timeOffset == null ? {} : { timeOffset: session.timeOffset }),
})

/**
 * A logged-in player: the current access token, kept fresh. Created by `profile.login()`.
 *
 * Guarantees:
 * - `getAccessToken()` never returns a token that has expired on the server's clock.
 * - Any number of concurrent callers share one re-authentication (and, with IndexedDB, so do
 *   all tabs of the game).
 * - Only a definitive rejection signs out; transient failures back off while the still-valid
 *   token keeps being served.
 * - No timer or listener exists before login, and `dispose()` stops all of them.
 */
export class GameSession implements AsyncDisposable {
  readonly #d: GameSessionDependencies
  readonly #r: ReauthenticationOptions
  readonly #classify: FailureClassifier
  readonly #state = new BehaviorSubject<EzSessionState>({ status: 'signedOut', reason: 'initial' })
  readonly #token = new BehaviorSubject<EzAccessToken | null>(null)
  readonly #events = new EventStream<EzEvent>()
  readonly #flight = new SingleFlight<StoredToken>()
  readonly #scheduler: DeadlineScheduler
  readonly #abort = new AbortController()
  #current: StoredToken | undefined
  #refreshAt = 0
  #generation = 0
  /** A token the server answered 401 to: never handed out again. */
  #rejectedToken: string | undefined
  #failures = 0
  #lastError: unknown
  #retryAt: number | undefined
  #lastAttemptAt = Number.NEGATIVE_INFINITY
  #ended: 'signedOut' | 'disposed' | undefined
  #signOutReason: SignOutReason = 'logout'
  #temporary = false
  #durability: StorageDurability | undefined
  /** Transfer-code registrations, one at a time: two at once would replace each other. */
  #transferCodes: Promise<unknown> = Promise.resolve()
  #unsubscribeCrossTab: () => void = noop
  #onEnd: (() => void) | undefined

  /** Current token, or null when signed out. Replays the current value to new subscribers. */
  readonly accessToken$: Observable<EzAccessToken | null>
  /** Session state machine; replays the current state. */
  readonly state$: Observable<EzSessionState>
  /** Typed events; replays the login's own events, then live ones. */
  readonly events$: Observable<EzEvent>

  /** @internal Built by `profile.login()`; tests and advanced setups use `@gs2ez/ez/advanced`. */
  constructor(dependencies: GameSessionDependencies) {
    const options = dependencies
    this.#d = dependencies
    this.#r = { ...DEFAULT_REAUTHENTICATION, ...options.reauthentication }
    this.#classify = options.classify ?? classifyFailure
    const unsubscribeStorage = options.storageDegraded?.((info) =>
      this.#emit({ type: 'storageDegraded', info }),
    )
    const unsubscribeDurability = options.storageDurability?.((durability) => {
      this.#durability = durability
      this.#emit({ type: 'storageDurability', ...durability })
    })
    const unsubscribeCleared = options.storageCleared?.(() => this.#writeBack())
    this.#onEnd = () => {
      unsubscribeCleared?.()
      unsubscribeStorage?.()
      unsubscribeDurability?.()
      options.onEnd?.()
    }
    this.accessToken$ = this.#token.asObservable()
    this.state$ = this.#state.asObservable()
    this.events$ = this.#events.observable
    this.#scheduler = new DeadlineScheduler({
      now: () => options.serverClock.now(),
      timers: options.timers,
      environment: () => (this.#r.autoRefresh ? options.environment() : undefined),
      onDue: (cause) => this.#onDue(cause),
      onWake: (event) => this.#onWake(event),
    })
  }

  /**
   * Site data was cleared while this session plays: the credential goes back into the store,
   * then the token, so another tab or a reload continues as this player instead of a new one.
   */
  #writeBack(): void {
    const current = this.#current
    const writeBack = this.#d.writeBack
    if (writeBack === undefined || current === undefined || this.#temporary || this.#ended) return
    writeBack(this.#abort.signal)
      .then(async (restored) => {
        if (!restored || this.#ended) return
        // The token first: whoever hears the event may open a tab that must find both.
        const latest = this.#current
        if (latest?.userId === current.userId) await this.#d.tokens?.commit(latest).catch(noop)
        if (!this.#ended) this.#emit({ type: 'storageRestored', userId: current.userId })
      })
      .catch(noop)
  }

  /** The logged-in user (kept after sign-out for diagnostics), or undefined before login. */
  get userId(): string | undefined {
    return this.#current?.userId
  }

  /**
   * True when the session plays on a temporary account (the store was unavailable and the
   * authenticator opted into `onStorageUnavailable: 'temporaryAccount'`): lost on reload.
   */
  get temporary(): boolean {
    return this.#temporary
  }

  /**
   * Whether the browser keeps the game's storage, with its usage and quota, as last reported
   * (`storageDurability` event); undefined until the first check after login has ended.
   */
  get storageDurability(): StorageDurability | undefined {
    return this.#durability
  }

  get state(): EzSessionState {
    return this.#state.value
  }

  /** The current token without any check or refresh (may be near expiry); null when signed out. */
  get accessToken(): EzAccessToken | null {
    return this.#token.value
  }

  /**
   * Starts the session: adopts a valid cached token with no request at all, otherwise runs the
   * authenticator. Called by `profile.login()`.
   * @internal
   */
  async start(): Promise<void> {
    this.#setState({ status: 'restoring' })
    const cached = await this.#readCache()
    if (this.#ended) throw this.#endedError()
    if (cached !== undefined) {
      this.#generation = cached.generation
      if (this.#isUsable(cached, 0)) {
        this.#adopt(cached)
        this.#emit({ type: 'restoredFromCache', userId: cached.userId, expire: cached.expire })
        this.#listenCrossTab()
        this.#events.goLive()
        return
      }
    }
    try {
      await this.#reauthenticate('login')
    } finally {
      this.#events.goLive()
    }
    this.#listenCrossTab()
  }

  /**
   * A token valid on the server's clock for at least the safety margin. Re-authenticates when
   * needed (shared with every concurrent caller). Throws SignedOutError after sign-out, and
   * ReauthenticationPendingError when the token expired and the last attempt failed transiently
   * (without sending another request before `retryAt`).
   */
  async getAccessToken(): Promise<EzAccessToken> {
    this.#assertRunning()
    this.#checkDeadline('read')
    const current = this.#current
    if (current !== undefined && this.#isUsable(current, 0))
      return this.#token.value ?? toEzAccessToken(current)
    try {
      await this.#refreshForRead('onDemand')
    } catch (error) {
      // A transient failure inside the safety margin: the old token is still valid, serve it.
      const still = this.#current
      if (this.#ended || still === undefined || !this.#stillValid(still)) throw error
    }
    return this.#tokenOrThrow()
  }

  /**
   * Match-safe: a token still valid `ms` from now, re-authenticating first if the current one
   * would expire during the match. Throws TokenLifetimeTooShortError (without a request) when
   * even a fresh token would not last that long.
   */
  async ensureFreshFor(ms: number): Promise<EzAccessToken> {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_MATCH_MS) {
      throw new ValidationError(`ms must be a number of milliseconds from 0 to ${MAX_MATCH_MS}`, {
        field: 'ms',
        limit: MAX_MATCH_MS,
      })
    }
    this.#assertRunning()
    const current = this.#current
    if (current !== undefined && this.#isUsable(current, ms)) return this.#tokenOrThrow()
    if (current !== undefined) {
      const lifetime = current.expire - current.obtainedAt
      if (lifetime < ms + this.#buffer(current)) throw new TokenLifetimeTooShortError(ms, lifetime)
    }
    await this.#refreshForRead('ensureFresh')
    const fresh = this.#current
    if (fresh === undefined || !this.#isUsable(fresh, ms)) {
      throw new TokenLifetimeTooShortError(
        ms,
        fresh === undefined ? 0 : fresh.expire - this.#d.serverClock.now(),
      )
    }
    return this.#tokenOrThrow()
  }

  /**
   * Runs `fn` with a valid token. If it fails with a 401 (token revoked or expired on the
   * server), re-authenticates once (shared with concurrent callers) and replays `fn` once.
   */
  async call<T>(fn: (token: EzAccessToken) => Promise<T>): Promise<T> {
    if (typeof fn !== 'function')
      throw new ValidationError('fn must be a function', { field: 'fn' })
    const token = await this.getAccessToken()
    try {
      return await fn(token)
    } catch (error) {
      if (!isUnauthorized(error)) throw error
      const fresh = await this.#afterRejection(token)
      return fn(fresh)
    }
  }

  /**
   * Tells the session the server answered 401 to `token` and returns a new one: one
   * re-authentication however many callers report the same token.
   */
  async reauthenticate(rejected?: EzAccessToken): Promise<EzAccessToken> {
    this.#assertRunning()
    if (rejected !== undefined) return this.#afterRejection(rejected)
    await this.#reauthenticate('reactive')
    return this.#tokenOrThrow()
  }

  /**
   * Generates a transfer code (crypto-strong, no ambiguous characters, see the README for its
   * entropy), registers it as this player's GS2-Account takeover setting of `type` (replacing
   * the one already there) and returns what to show the player. On another device,
   * `profile.takeOver(code)` continues as this player.
   */
  async createTransferCode(options: CreateTransferCodeOptions = {}): Promise<TransferCode> {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('options must be an object', { field: 'options' })
    }
    const type = checkTakeOverType(options.type ?? 0)
    const takeOver = this.#d.takeOver
    const namespaceName = options.namespaceName ?? takeOver?.namespaceName
    if (
      typeof namespaceName !== 'string' ||
      namespaceName.length === 0 ||
      namespaceName.length > 128
    ) {
      throw new ValidationError(
        'namespaceName (1 to 128 characters) is required when the session was not logged in with a Gs2AccountAuthenticator',
        { field: 'namespaceName', limit: 128 },
      )
    }
    this.#assertRunning()
    if (takeOver === undefined) {
      throw new ValidationError('this session has no GS2-Account client (made outside a Profile)', {
        field: 'takeOver',
      })
    }
    const run = () =>
      registerTransferCode({
        account: takeOver.account,
        secureRandom: takeOver.secureRandom,
        namespaceName,
        type,
        call: (fn) => this.call((token) => fn(token.token, this.#abort.signal)),
      })
    const result = this.#transferCodes.then(run, run)
    this.#transferCodes = result.catch(noop)
    return result
  }

  /**
   * A fresh GS2-signed proof that the player is this session's user, for a trusted server that
   * links something to them (the gs2ez game server's `gs2Proof`: a guest who registers a
   * username keeps their GS2 user). One GS2-Account `authentication`; no token changes. Only a
   * session whose authenticator GS2 checks can prove it (Gs2AccountAuthenticator).
   */
  async createIdentityProof(): Promise<IdentityProof> {
    this.#assertRunning()
    const prove = this.#d.proveIdentity
    if (prove === undefined) {
      throw new ValidationError(
        "this session's authenticator cannot prove an identity (a Gs2AccountAuthenticator can)",
        { field: 'authenticator' },
      )
    }
    let proof: IdentityProof
    try {
      proof = await prove(this.#abort.signal)
    } catch (error) {
      throw serverFailure(error, 'the identity proof could not be made')
    }
    this.#assertRunning()
    const userId = this.#current?.userId
    if (proof.userId !== userId) {
      // The stored credential is another player's now (a takeover in another tab): a proof of
      // them handed out as this session's player would link the wrong account.
      throw new EzError(
        `the credential now proves ${proof.userId}, not this session's ${userId}: log in again`,
        { code: EZ_ERROR_CODES.switchedAccount, status: 401 },
      )
    }
    return proof
  }

  /**
   * Signs this session out because the device account is now `userId` (a takeover in this
   * tab). A session of `userId` itself stays. Called by the Profile.
   * @internal
   */
  switchedTo(userId: string): void {
    if (this.#ended || this.#current?.userId === userId) return
    this.#signOut('switchedAccount', undefined)
  }

  /** Engine hook: re-checks deadlines (call it from the game loop or on app resume). */
  tick(): void {
    if (this.#ended) return
    this.#checkDeadline('tick')
  }

  /**
   * Signs out: forgets the token locally (cache, domain cache via the profile, other tabs).
   * GS2 has no client-side revoke API: with `revoke: true` the profile's `revoker` is called
   * (e.g. `emulatorRevoker()` against the local emulator); its failure is thrown after the
   * local sign-out has completed.
   */
  async logout(options: LogoutOptions = {}): Promise<void> {
    if (this.#ended === 'disposed') throw new DisposedError('the session')
    const token = this.#token.value
    if (this.#ended !== 'signedOut') {
      // Announced first: signing out closes the cross-tab channel.
      this.#d.refresher.announce({ type: 'signedOut', reason: 'logout' })
      this.#signOut('logout', undefined)
      await this.#d.tokens?.clear().catch(noop)
    }
    if (options.forgetCredentials) await this.#d.forget?.()
    if (options.revoke && token !== null) {
      if (this.#d.revoker === undefined) {
        throw new SignedOutError('logout', {
          cause: new ValidationError('logout({ revoke: true }) needs a `revoker` on the Profile', {
            field: 'revoker',
          }),
        })
      }
      await this.#d.revoker(token)
    }
  }

  /** Stops every timer and listener and completes the observables. The token cache is kept. */
  async dispose(): Promise<void> {
    if (this.#ended === 'disposed') return
    this.#ended = 'disposed'
    this.#shutdown()
    this.#events.complete()
    this.#state.complete()
    this.#token.complete()
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose()
  }

  // --- internals -------------------------------------------------------------------------

  #emit(event: EzEvent): void {
    if (this.#ended === 'disposed') return
    this.#events.emit(event)
  }

  #setState(state: EzSessionState): void {
    if (this.#ended === 'disposed') return
    this.#state.next(state)
  }

  #assertRunning(): void {
    if (this.#ended) throw this.#endedError()
  }

  #endedError(): Error {
    return this.#ended === 'disposed'
      ? new DisposedError('the session')
      : new SignedOutError(this.#signOutReason)
  }

  #tokenOrThrow(): EzAccessToken {
    const token = this.#token.value
    if (this.#ended || token === null) throw this.#endedError()
    return token
  }

  /** Safety margin for a token: minValidity, but never more than a tenth of its lifetime. */
  #buffer(session: StoredToken): number {
    return Math.min(this.#r.minValidityMs, Math.max(0, session.expire - session.obtainedAt) / 10)
  }

  #isUsable(session: StoredToken, forMs: number): boolean {
    if (!this.#stillValid(session)) return false
    return session.expire - this.#d.serverClock.now() > this.#buffer(session) + forMs
  }

  /** The least a served token must have left: the clock estimate's error plus a request. */
  #servingMargin(): number {
    return this.#r.latencyMarginMs + (this.#d.serverClock.errorMs?.() ?? 0)
  }

  /**
   * Servable even while re-authentication fails: not refused by the server and still valid on
   * the server clock by more than the serving margin (an expired token is never handed out).
   */
  #stillValid(session: StoredToken): boolean {
    return (
      session.token !== this.#rejectedToken &&
      session.expire - this.#d.serverClock.now() > this.#servingMargin()
    )
  }

  #servable(): boolean {
    const current = this.#current
    return current !== undefined && this.#stillValid(current)
  }

  async #readCache(): Promise<StoredToken | undefined> {
    try {
      const cached = await this.#d.tokens?.read()
      if (
        cached === undefined ||
        (await this.#d.acceptsCachedToken?.(cached, this.#abort.signal)) !== false
      ) {
        return cached
      }
      await this.#d.tokens?.discard(cached.token)
      return undefined
    } catch {
      return undefined
    }
  }

  #checkDeadline(cause: DeadlineCause): void {
    // The timer may be late (sleep, throttling): every read and tick re-checks the deadline.
    if (this.#flight.running) return
    const deadline =
      this.#scheduler.deadline ??
      (this.#state.value.status === 'active' ? this.#refreshAt : undefined)
    if (deadline !== undefined && this.#d.serverClock.now() >= deadline) {
      if (this.#scheduler.deadline !== undefined) this.#scheduler.check(cause)
      else this.#onDue(cause)
    }
  }

  #onDue(cause: DeadlineCause): void {
    if (this.#ended) return
    const reason: AuthenticationReason =
      this.#state.value.status === 'reauthenticationPending'
        ? 'retry'
        : cause === 'timer'
          ? 'proactive'
          : cause === 'read'
            ? 'onDemand'
            : 'resume'
    this.#reauthenticate(reason).catch(noop)
  }

  #onWake(event: WakeEvent): void {
    // Coming back online ends a backoff at once; so does the page becoming visible when no
    // token can be served (a waiting player). Never faster than the storm guard allows.
    if (this.#state.value.status !== 'reauthenticationPending' || this.#flight.running) return
    const waiting = event === 'visibilitychange' && !this.#servable()
    if (event !== 'online' && !waiting) return
    if (this.#d.clock.now() - this.#lastAttemptAt < this.#r.minRetryIntervalMs) return
    this.#reauthenticate('retry').catch(noop)
  }

  async #refreshForRead(reason: AuthenticationReason): Promise<void> {
    const pending = this.#flight.current
    if (pending !== undefined) {
      await pending
      return
    }
    // Storm guard: inside a backoff window a read does not send a request; a still-valid token
    // is served, and with none a read fails fast with the time of the next attempt, unless no
    // attempt started for a quiet period (then this read is the attempt: single flight).
    if (
      this.#state.value.status === 'reauthenticationPending' &&
      this.#retryAt !== undefined &&
      this.#d.serverClock.now() < this.#retryAt
    ) {
      if (this.#servable()) return
      if (this.#d.clock.now() - this.#lastAttemptAt < this.#r.readRetryQuietMs) {
        throw new ReauthenticationPendingError(this.#retryAt, this.#lastError)
      }
    }
    await this.#reauthenticate(reason)
  }

  async #afterRejection(rejected: EzAccessToken): Promise<EzAccessToken> {
    this.#assertRunning()
    const current = this.#current
    if (current !== undefined && current.token !== rejected.token && this.#isUsable(current, 0)) {
      return this.#tokenOrThrow()
    }
    this.#rejectedToken = rejected.token
    // Not restored by a reload either: the record goes unless it already holds a newer token.
    this.#d.tokens?.discard(rejected.token).catch(noop)
    await this.#refreshForRead('reactive')
    return this.#tokenOrThrow()
  }

  #reauthenticate(reason: AuthenticationReason): Promise<StoredToken> {
    if (this.#ended) return Promise.reject(this.#endedError())
    return this.#flight.run(() => this.#attempt(reason))
  }

  async #attempt(reason: AuthenticationReason): Promise<StoredToken> {
    const started = this.#d.clock.now()
    this.#lastAttemptAt = started
    this.#scheduler.schedule(undefined)
    const previous = this.#current
    this.#setState(
      previous === undefined || reason === 'login'
        ? { status: 'authenticating', reason }
        : { status: 'refreshing', reason, expire: previous.expire },
    )
    const from = this.#generation
    let ranHere = false
    let produced: StoredToken | undefined
    const run = async (): Promise<StoredToken> => {
      ranHere = true
      const result = checkResult(
        await this.#d.authenticate(reason, this.#abort.signal, (event) => this.#emit(event)),
      )
      this.#temporary = result.temporary === true
      const session: StoredToken = {
        v: 1,
        generation: from + 1,
        token: result.token,
        userId: result.userId,
        expire: result.expire,
        obtainedAt: this.#d.serverClock.now(),
        ...(result.federationFromUserId == null
          ? {}
          : { federationFromUserId: result.federationFromUserId }),
        ...(result.timeOffset == null ? {} : { timeOffset: result.timeOffset }),
      }
      produced = session
      return session
    }
    let next: StoredToken
    try {
      // The refresher commits the token (TokenStore.commit) and, across tabs, broadcasts it.
      next = await this.#d.refresher.refresh(from, run)
      // Another tab's token of another user is never adopted: this tab's own one is used.
      if (!this.#acceptable(next)) next = produced ?? (await run())
      else if (produced !== undefined && next.userId !== produced.userId) {
        // This tab signed in as `produced`'s user but another tab committed someone else's
        // token meanwhile (a takeover racing an old refresh): ours is the device account now.
        next = { ...produced, generation: Math.max(produced.generation, next.generation + 1) }
        await this.#d.tokens?.commit(next).catch(noop)
      }
      // A session is one player for its whole life: an authenticator that now answers for
      // another user (the device account was taken over) ends it; the game logs in again.
      if (previous !== undefined && next.userId !== previous.userId) {
        throw new EzError(
          `the device account is now ${next.userId}, not ${previous.userId}: log in again`,
          { code: EZ_ERROR_CODES.switchedAccount, status: 401 },
        )
      }
    } catch (error) {
      if (this.#ended) throw this.#endedError()
      throw this.#fail(reason, error)
    }
    if (this.#ended) throw this.#endedError()
    this.#failures = 0
    this.#retryAt = undefined
    this.#lastError = undefined
    this.#adopt(next)
    const latencyMs = Math.max(0, this.#d.clock.now() - started)
    if (reason === 'login') {
      this.#emit({
        type: 'loggedIn',
        userId: next.userId,
        expire: next.expire,
        latencyMs,
        ...(this.#temporary ? { temporary: true as const } : {}),
      })
    } else {
      this.#emit({
        type: 'reauthenticated',
        reason,
        latencyMs,
        userId: next.userId,
        expire: next.expire,
        source: ranHere ? 'thisTab' : 'otherTab',
      })
    }
    const skewMs = ranHere ? this.#d.serverClock.afterAuthentication?.() : undefined
    if (skewMs !== undefined) this.#emit({ type: 'clockSkewDetected', skewMs })
    return next
  }

  /** Applies the failure policy; returns the error to reject the attempt with. */
  #fail(reason: AuthenticationReason, error: unknown): unknown {
    this.#failures += 1
    this.#lastError = error
    if (this.#classify(error) === 'definitive') {
      this.#emit({
        type: 'reauthenticationFailed',
        reason,
        error,
        definitive: true,
        retryAt: undefined,
        attempt: this.#failures,
      })
      const code = (error as { code?: unknown } | null)?.code
      if (code === EZ_ERROR_CODES.switchedAccount) {
        // Only this session's player is gone: the other tabs (and the token record) may
        // already be the new device account's, so nothing is announced or cleared but our own.
        const own = this.#current?.token
        this.#signOut('switchedAccount', error)
        if (own !== undefined) this.#d.tokens?.discard(own).catch(noop)
        return error
      }
      this.#d.refresher.announce({ type: 'signedOut', reason: 'rejected' })
      this.#signOut(
        code === EZ_ERROR_CODES.movedToAnotherDevice ? 'movedToAnotherDevice' : 'rejected',
        error,
      )
      this.#d.tokens?.clear().catch(noop)
      return error
    }
    const current = this.#current
    const now = this.#d.serverClock.now()
    let delay = backoffDelay(this.#failures, {
      ...this.#r.backoff,
      random: this.#d.random,
      retryAfterMs: retryAfterOf(error),
    })
    let retryAt: number
    if (current !== undefined && this.#stillValid(current)) {
      // The player is served meanwhile: back off, but retry no later than the moment the token
      // stops being servable, when waiting would start.
      retryAt = Math.min(now + delay, current.expire - this.#servingMargin())
    } else {
      // A player is waiting: the interval stops growing (jittered, so a fleet spreads out).
      const cap = this.#r.expiredRetryMaxMs
      delay = Math.min(delay, Math.round(cap / 2 + (cap / 2) * this.#d.random()))
      retryAt = now + delay
    }
    this.#retryAt = retryAt
    if (reason === 'login' && current === undefined) {
      // Nothing to keep alive: the caller of login() gets the error and decides.
      this.#emit({
        type: 'reauthenticationFailed',
        reason,
        error,
        definitive: false,
        retryAt: undefined,
        attempt: this.#failures,
      })
      this.#setState({ status: 'signedOut', reason: 'initial', error })
      return error
    }
    this.#setState({
      status: 'reauthenticationPending',
      reason: 'backoff',
      error,
      attempt: this.#failures,
      retryAt,
      tokenValid: current !== undefined && this.#stillValid(current),
    })
    this.#emit({
      type: 'reauthenticationFailed',
      reason,
      error,
      definitive: false,
      retryAt,
      attempt: this.#failures,
    })
    if (this.#r.autoRefresh) this.#scheduler.schedule(retryAt)
    return error
  }

  #adopt(session: StoredToken): void {
    this.#current = session
    this.#generation = Math.max(this.#generation, session.generation)
    if (session.token !== this.#rejectedToken) this.#rejectedToken = undefined
    this.#refreshAt = refreshAt(session, {
      marginMs: this.#r.marginMs,
      jitterMs: this.#r.jitterMs,
      random: this.#d.random,
    })
    this.#token.next(toEzAccessToken(session))
    this.#setState({ status: 'active', expire: session.expire, refreshAt: this.#refreshAt })
    if (this.#r.autoRefresh) {
      this.#scheduler.schedule(this.#refreshAt)
      this.#emit({ type: 'refreshScheduled', at: this.#refreshAt })
    }
  }

  /** Another tab's token is taken only for the same user (the key already fixes the game). */
  #acceptable(token: StoredToken): boolean {
    return this.#current === undefined || token.userId === this.#current.userId
  }

  #listenCrossTab(): void {
    if (this.#ended) return
    this.#unsubscribeCrossTab = this.#d.refresher.subscribe((message) => this.#onCrossTab(message))
  }

  #onCrossTab(message: CrossTabMessage): void {
    if (this.#ended) return
    if (message.type === 'signedOut') {
      this.#signOut('otherTab', undefined)
      return
    }
    if (message.type === 'switchedAccount') {
      if (this.#current?.userId !== message.userId) this.#signOut('switchedAccount', undefined)
      return
    }
    const incoming = message.token
    if (incoming.generation <= this.#generation && this.#current !== undefined) return
    if (!this.#acceptable(incoming)) return
    this.#failures = 0
    this.#retryAt = undefined
    this.#adopt(incoming)
    this.#emit({ type: 'tokenAdopted', userId: incoming.userId, expire: incoming.expire })
  }

  #signOut(reason: SignOutReason, error: unknown): void {
    this.#signOutReason = reason
    this.#ended = 'signedOut'
    this.#shutdown()
    this.#token.next(null)
    this.#setState(
      error === undefined
        ? { status: 'signedOut', reason }
        : { status: 'signedOut', reason, error },
    )
    this.#emit(
      error === undefined ? { type: 'signedOut', reason } : { type: 'signedOut', reason, error },
    )
  }

  #shutdown(): void {
    this.#abort.abort(this.#endedError())
    this.#scheduler.dispose()
    this.#unsubscribeCrossTab()
    this.#unsubscribeCrossTab = noop
    const onEnd = this.#onEnd
    this.#onEnd = undefined
    onEnd?.()
  }
}
