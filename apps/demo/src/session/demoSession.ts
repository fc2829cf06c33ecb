import { GetServiceVersionResultSchema } from '@gs2ez/auth'
import type {
  EzEvent,
  EzSessionState,
  GameSession,
  Revoker,
  SecondFactorChallenge,
  TransferCode,
} from '@gs2ez/ez'
import {
  CredentialsRejectedError,
  emulatorRevoker,
  Gs2AccountAuthenticator,
  OAuth2PasswordAuthenticator,
  Profile,
  StorageUnavailableError,
} from '@gs2ez/ez'
import type { DemoConfig } from '../config.ts'
import { describeEvent, errorText, loginFailureText } from './describeEvent.ts'
import {
  type Gs2Proof,
  type Registered,
  type Registration,
  RegistrationError,
  registerUser,
} from './gameServerApi.ts'
import { ObservableValue } from './observableValue.ts'
import { SessionLog } from './sessionLog.ts'
import { signInErrorText } from './signInErrorText.ts'
import { transferErrorText } from './transferErrorText.ts'

/**
 * Where the login stands, as the Title scene sees it. `storageUnavailable`: the browser's
 * storage did not answer, so the SDK refused to create a player that might fork the real one.
 * `movedToAnotherDevice`: a transfer code moved this player to another device.
 */
export type LoginPhase =
  | 'connecting'
  | 'ready'
  | 'error'
  | 'signedOut'
  | 'storageUnavailable'
  | 'movedToAnotherDevice'

/** `device`: this browser's GS2-Account device account. `username`: the game server (OAuth). */
export type SignInMethod = 'device' | 'username'

/** What the username sign-in is waiting for from the player; the UI renders it as a form. */
export type SignInPrompt =
  | {
      readonly kind: 'credentials'
      /** `refreshRejected`: the stored session ended (revoked, reused, expired). */
      readonly reason: 'signIn' | 'refreshRejected'
      /** Why the previous attempt failed, for the player. */
      readonly error?: string | undefined
    }
  | {
      readonly kind: 'code'
      readonly factor: 'totp' | 'email'
      /** The game server's text, e.g. "Enter the 6-digit code from your authenticator app." */
      readonly message: string
      readonly error?: string | undefined
      /** For `email`, when registered in this tab: the address whose dev-outbox mail to show. */
      readonly mailTo?: string | undefined
    }

/** Where the demo remembers the last sign-in method, so a reload resumes the same one. */
export interface MethodStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

const METHOD_KEY = 'gs2ez-demo.signInMethod'
/** The username of the last username sign-in: GS2 and the refresh token only know user ids. */
const USERNAME_KEY = 'gs2ez-demo.username'

export interface SessionView {
  readonly phase: LoginPhase
  readonly userId: string | undefined
  /** Set when signed in with a username (the game server's, not GS2's). */
  readonly username: string | undefined
  /** The SDK's own session status (restoring, active, refreshing, degraded, ...). */
  readonly state: string
  /** When the current access token expires, epoch ms; undefined while there is none. */
  readonly expire: number | undefined
  readonly error: string | undefined
  /** How the current (or last attempted) sign-in was made. */
  readonly method: SignInMethod | undefined
  /** `movedToAnotherDevice`: the player who moved away (their user id). */
  readonly formerUserId?: string | undefined
}

/**
 * The transfer-code dialog. `show`: "Save my progress" (the code once created, or why not).
 * `enter`: "I have a transfer code" (a failed attempt says why and keeps the form open).
 */
export type TransferView =
  | {
      readonly kind: 'show'
      readonly code?: TransferCode | undefined
      readonly error?: string | undefined
    }
  | { readonly kind: 'enter'; readonly busy: boolean; readonly error?: string | undefined }

export interface DemoSessionOptions {
  readonly config: DemoConfig
  readonly fetch?: typeof fetch
  readonly now?: () => number
  readonly setInterval?: (fn: () => void, ms: number) => unknown
  readonly clearInterval?: (handle: unknown) => void
  /** Default: `localStorage`, looked up when used; absent (SSR, blocked) means device login. */
  readonly storage?: () => MethodStorage | undefined
}

const signedOutView: SessionView = {
  phase: 'signedOut',
  userId: undefined,
  username: undefined,
  state: 'signedOut',
  expire: undefined,
  error: undefined,
  method: undefined,
}

class SignInCancelled extends Error {
  override name = 'SignInCancelled'
}

/**
 * The one place the demo talks to @gs2ez/ez. Scenes and the HUD read `view` and `log` and call
 * the verbs below; nothing else in the game imports the SDK, which is how a real game should
 * keep its backend behind one seam.
 */
export class DemoSession {
  readonly view = new ObservableValue<SessionView>({ ...signedOutView, phase: 'connecting' })
  /** Set while the username sign-in waits for the player (a form is open). */
  readonly prompt = new ObservableValue<SignInPrompt | undefined>(undefined)
  readonly log: SessionLog
  /** The SDK session now signed in, for the game engine's plugin (tick, events). */
  readonly gameSession = new ObservableValue<GameSession | undefined>(undefined)
  /** Set while the transfer-code dialog is open. */
  readonly transfer = new ObservableValue<TransferView | undefined>(undefined)
  readonly #config: DemoConfig
  readonly #options: DemoSessionOptions
  /** Replaced after a storage failure: a profile whose store gave up stays in memory for good. */
  #profile: Profile
  /** The last device login found the storage unavailable: the next one starts a fresh profile. */
  #storageFailed = false
  /** A takeover runs in this tab: the SDK signs our own old session out ('switchedAccount'). */
  #takingOver = false
  readonly #revoker: Revoker
  #session: GameSession | undefined
  #detachers: Array<() => void> = []
  #pending: Promise<void> | undefined
  #method: SignInMethod = 'device'
  #answer: { resolve: (value: never) => void; reject: (error: unknown) => void } | undefined
  /** Emails given at registration in this tab, to link the right outbox for an emailed code. */
  readonly #emails = new Map<string, string>()
  #lastUsername: string | undefined
  /** When the open prompt was shown; typing time is taken out of the login time shown. */
  #askedAt: number | undefined
  #typingMs = 0
  /** The typing of the sign-in that produced the attached session, for its `loggedIn`. */
  #loginTypingMs = 0

  constructor(options: DemoSessionOptions) {
    this.#options = options
    this.#config = options.config
    this.log = new SessionLog(options.now)
    // GS2 has no client-side revoke; the emulator's admin API stands in for a game server's.
    this.#revoker = emulatorRevoker({
      url: this.#config.emulatorUrl,
      // The emulator's admin API refuses a revoke without its token (ez sends it in
      // x-gs2ez-admin-token).
      ...(this.#config.emulatorAdminToken ? { adminToken: this.#config.emulatorAdminToken } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
    this.#profile = this.#createProfile()
  }

  #createProfile(): Profile {
    return new Profile({
      clientId: this.#config.clientId,
      clientSecret: this.#config.clientSecret,
      endpointTemplate: this.#config.endpointTemplate,
      revoker: this.#revoker,
      ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
    })
  }

  /**
   * Resumes the last sign-in method: a username session comes back from the token cache or
   * its refresh token (no prompt); otherwise this browser's device account (created on the
   * first run, reused after). Safe to call again after a failure (the Retry button).
   */
  login(): Promise<void> {
    return this.#rememberedMethod() === 'username'
      ? this.loginWithUsername()
      : this.loginWithDevice()
  }

  /** Logs in with this browser's device account, or restores its cached session. */
  loginWithDevice(): Promise<void> {
    return this.#run(async () => {
      if (this.#session && this.#method !== 'device')
        await this.#logout({ forgetCredentials: true })
      await this.#loginWithDevice()
    })
  }

  /**
   * Signs in through the game server with a username, password and second factor. `prompt`
   * tells the UI what to ask; a wrong password or code asks again with the reason. The device
   * player stays signed in until the new sign-in succeeds, then is logged out (the account is
   * kept); a cancelled sign-in leaves them playing.
   */
  loginWithUsername(): Promise<void> {
    return this.#run(() => this.#loginWithUsername())
  }

  submitCredentials(username: string, password: string): void {
    if (this.prompt.value?.kind !== 'credentials') return
    this.#lastUsername = username
    this.#settle({ username, password })
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now()
  }

  submitCode(code: string): void {
    if (this.prompt.value?.kind !== 'code') return
    this.#settle(code)
  }

  /** Closes the form: the sign-in ends; a player who was signed in stays signed in. */
  cancelSignIn(): void {
    const answer = this.#answer
    this.#answer = undefined
    this.#stopTyping()
    this.prompt.set(undefined)
    answer?.reject(new SignInCancelled('the player closed the sign-in form'))
  }

  /**
   * Registers a username on the game server (`POST /users`); sign in afterwards. A device
   * player registers *themselves*: the SDK's identity proof links the username to their GS2
   * user, so the username sign-in continues the same player (and their progress).
   */
  async register(registration: Registration): Promise<Registered> {
    const guest = this.#method === 'device' ? this.#session : undefined
    let gs2Proof: Gs2Proof | undefined
    if (guest && guest.state.status !== 'signedOut') {
      try {
        const { keyId, body, signature } = await guest.createIdentityProof()
        gs2Proof = { keyId, body, signature }
      } catch (error) {
        // Registering without it would make a second, empty player: say so rather than fork.
        throw new RegistrationError(
          `Could not prove who you are to the game server, so nothing was registered: ${errorText(error)}`,
          'gs2_proof_failed',
          undefined,
          undefined,
        )
      }
    }
    const registered = await registerUser(
      {
        gameServerUrl: this.#config.gameServerUrl,
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
      },
      registration,
      gs2Proof,
    )
    if (registration.twoFactor === 'email' && registration.email) {
      this.#emails.set(registered.username.toLowerCase(), registration.email)
    }
    this.log.add(
      'info',
      `Registered ${registered.username} on the game server (second factor: ${registered.twoFactor})${
        registered.gs2UserId ? `, linked to this player ${registered.gs2UserId}` : ''
      }`,
    )
    return registered
  }

  /** Logs out and revokes the token on the server. A device account is kept; a username
   * session's refresh token is revoked, so the next sign-in asks for the password. */
  /**
   * The newest mail the dev game server kept for `to` (its dev outbox stands in for real
   * mail). The outbox needs the game server's admin token in a header, so a plain link cannot
   * open it.
   */
  async readDevMail(to: string): Promise<string | undefined> {
    const doFetch = this.#options.fetch ?? fetch
    const response = await doFetch(
      `${this.#config.gameServerUrl}/dev/outbox?to=${encodeURIComponent(to)}`,
      { headers: { authorization: `Bearer ${this.#config.gameServerAdminToken}` } },
    )
    if (!response.ok) throw new Error(`the dev outbox answered ${response.status}`)
    const { items } = (await response.json()) as { items: Array<{ text: string }> }
    return items.at(-1)?.text
  }

  async logout(): Promise<void> {
    await this.#logout({ forgetCredentials: this.#method === 'username' })
  }

  /** Forgets this browser's device account and signs up again as a brand new player. */
  async loginAsNewAccount(): Promise<void> {
    if (this.#method === 'username') {
      // The device account is what gets forgotten: sign out of the username (revoking its
      // refresh token), then reach the device account through its own session to forget it.
      await this.#logout({ forgetCredentials: true })
      await this.#run(() => this.#loginWithDevice())
    }
    await this.#logout({ forgetCredentials: true })
    await this.loginWithDevice()
  }

  /**
   * "Save my progress": registers a new transfer code for the player signed in now and shows
   * it. A new code replaces the previous one.
   */
  async saveProgress(): Promise<void> {
    const session = this.#session
    if (!session || this.#method !== 'device') return
    this.transfer.set({ kind: 'show' })
    try {
      const code = await session.createTransferCode({
        namespaceName: this.#config.namespaceName,
      })
      // The dialog may have been closed while the code was made.
      if (this.transfer.value?.kind === 'show') this.transfer.set({ kind: 'show', code })
      this.log.add('info', 'Transfer code created: type it on the other device')
    } catch (error) {
      this.log.add('error', `Transfer code failed: ${errorText(error)}`)
      if (this.transfer.value?.kind === 'show') {
        this.transfer.set({ kind: 'show', error: transferErrorText(error) })
      }
    }
  }

  /** "I have a transfer code": opens the form. Nobody is signed out until it succeeds. */
  openTransferCodeForm(): void {
    this.transfer.set({ kind: 'enter', busy: false })
  }

  /** Closes the transfer dialog; the player signed in (if any) keeps playing. */
  closeTransfer(): void {
    if (this.transfer.value?.kind === 'enter' && this.transfer.value.busy) return
    this.transfer.set(undefined)
  }

  /**
   * Continues as the player of a transfer code (GS2-Account doTakeOver). The SDK replaces this
   * browser's device account with the recovered one; a wrong code leaves everything as it was.
   */
  async submitTransferCode(userIdentifier: string, password: string): Promise<void> {
    if (this.transfer.value?.kind !== 'enter' || this.transfer.value.busy) return
    this.transfer.set({ kind: 'enter', busy: true })
    // #run joins a login already running instead of starting this one: let it finish first.
    while (this.#pending) await this.#pending.catch(() => {})
    await this.#run(async () => {
      const previous = this.#session
      const previousMethod = this.#method
      const startedAt = this.#now()
      let session: GameSession
      this.#takingOver = true
      try {
        session = await this.#profile.takeOver({
          namespaceName: this.#config.namespaceName,
          userIdentifier,
          password,
        })
      } catch (error) {
        this.log.add('error', `Transfer code refused: ${errorText(error)}`)
        this.transfer.set({ kind: 'enter', busy: false, error: transferErrorText(error) })
        return
      } finally {
        this.#takingOver = false
      }
      // The player this tab showed is replaced. A username session stays valid on the game
      // server: sign it out there (device sessions were replaced by the SDK itself).
      this.#detach()
      if (previous && previousMethod === 'username') {
        await previous.logout({ revoke: true, forgetCredentials: true }).catch(() => {})
      }
      this.#setMethod('device')
      this.transfer.set(undefined)
      this.#attach(session)
      this.log.add(
        'signedIn',
        `Continued with a transfer code (${Math.round(this.#now() - startedAt)} ms)`,
      )
    })
  }

  /**
   * Revokes the current token on the emulator, behind the SDK's back, the way an operator (or a
   * security incident) would. The SDK finds out on its next call and re-authenticates.
   */
  async revokeCurrentToken(): Promise<void> {
    const session = this.#session
    if (!session) return
    const token = await session.getAccessToken()
    await this.#revoker({
      token,
      endpointTemplate: this.#config.endpointTemplate,
      region: this.#profile.restSession.region,
    })
    this.log.add('revoked', 'Token revoked on the emulator; the next call will be refused')
  }

  async dispose(): Promise<void> {
    this.transfer.set(undefined)
    this.#detach()
    await this.#profile.dispose()
  }

  /** One login at a time: a second click while one runs joins it. */
  #run(login: () => Promise<void>): Promise<void> {
    this.#pending ??= login().finally(() => {
      this.#pending = undefined
    })
    return this.#pending
  }

  async #loginWithDevice(): Promise<void> {
    this.#detach()
    this.#setMethod('device')
    this.view.set({ ...signedOutView, phase: 'connecting', state: 'restoring', method: 'device' })
    if (this.#storageFailed) await this.#renewProfile()
    try {
      const session = await this.#profile.login(
        new Gs2AccountAuthenticator({ namespaceName: this.#config.namespaceName }),
      )
      this.#storageFailed = false
      this.#attach(session)
    } catch (error) {
      if (error instanceof StorageUnavailableError) {
        // Not a network error and not the player's fault: the SDK could not read whether this
        // browser already has a player, and creating one could fork them. Say so; Retry.
        this.#storageFailed = true
        this.view.set({
          ...signedOutView,
          phase: 'storageUnavailable',
          state: 'error',
          error: errorText(error),
          method: 'device',
        })
        this.log.add('error', `Storage unavailable: ${errorText(error)}`)
        return
      }
      this.#fail(error, loginFailureText(error))
    }
  }

  /**
   * The SDK's store falls back to memory for the rest of its life once IndexedDB hangs or is
   * blocked, so a retry in the same profile could never read the player back. A new profile
   * opens IndexedDB again (as a reload would).
   */
  async #renewProfile(): Promise<void> {
    const old = this.#profile
    this.#profile = this.#createProfile()
    try {
      await old.dispose()
    } catch (error) {
      this.log.add('error', `Closing the old profile failed: ${errorText(error)}`)
    }
  }

  async #loginWithUsername(): Promise<void> {
    // A username session already runs: nothing to switch.
    if (this.#session && this.#method === 'username') return
    // The player signed in now keeps playing while the form is open.
    const previous = this.#session
    if (!previous) {
      this.#detach()
      // In memory only: a reload resumes the username only once a sign-in succeeded.
      this.#method = 'username'
      this.view.set({
        ...signedOutView,
        phase: 'connecting',
        state: 'restoring',
        method: 'username',
      })
    }
    this.#typingMs = 0
    let previousError: string | undefined
    // Each round is one profile.login(). A round that asked the player and failed (wrong
    // password, too many wrong codes, server unreachable) asks again with the reason; a round
    // that failed without asking (restoring) stops, so nothing loops on its own.
    for (;;) {
      let asked = false
      const errorForThisRound = previousError
      const authenticator = new OAuth2PasswordAuthenticator({
        url: this.#config.gameServerUrl,
        clientId: this.#config.oauthClientId,
        ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
        credentials: (request) => {
          asked = true
          if (this.#session === undefined || this.#method === 'username') {
            this.view.set({ ...this.view.value, state: 'authenticating' })
          }
          return this.#ask<{ username: string; password: string }>({
            kind: 'credentials',
            reason: request.reason,
            // Only the first prompt of a round shows the previous round's failure.
            error: request.reason === 'refreshRejected' ? undefined : errorForThisRound,
          })
        },
        onSecondFactor: (challenge) => this.#ask<string>(this.#codePrompt(challenge)),
      })
      try {
        const session = await this.#profile.login(authenticator)
        this.prompt.set(undefined)
        if (previous) await this.#switchFrom(previous)
        this.#setMethod('username', this.#lastUsername)
        this.#attach(session)
        return
      } catch (error) {
        this.prompt.set(undefined)
        this.#answer = undefined
        if (isCancelled(error)) {
          if (previous && this.#session === previous) {
            this.log.add('info', 'Sign-in with username cancelled; still signed in')
            return
          }
          this.#setMethod(undefined)
          this.view.set(signedOutView)
          this.log.add('signedOut', 'Sign-in with username cancelled')
          return
        }
        if (!asked) {
          if (previous) this.log.add('error', `Sign-in failed: ${errorText(error)}`)
          else this.#fail(error, signInErrorText(error, this.#config.gameServerUrl))
          return
        }
        previousError = signInErrorText(error, this.#config.gameServerUrl)
        this.log.add('error', `Sign-in failed: ${errorText(error)}`)
      }
    }
  }

  /** The username sign-in succeeded: log the device player out (their account is kept). */
  async #switchFrom(previous: GameSession): Promise<void> {
    this.#detach()
    try {
      await previous.logout({ revoke: true })
    } catch (error) {
      this.log.add('error', `Logging out the device player failed: ${errorText(error)}`)
    }
    this.log.add('info', 'Switched from the device player')
  }

  #codePrompt(challenge: SecondFactorChallenge): SignInPrompt {
    const email = this.#lastUsername && this.#emails.get(this.#lastUsername.toLowerCase())
    return {
      kind: 'code',
      factor: challenge.kind,
      message: challenge.message,
      // Set when the SDK asks again after a wrong code.
      error:
        challenge.attemptsRemaining === undefined
          ? undefined
          : 'That code was not accepted. Type the current code (codes change every 30 s and work once).',
      ...(challenge.kind === 'email' && email ? { mailTo: email } : {}),
    }
  }

  /** Opens a prompt and waits for the matching submit (or a cancel). */
  #ask<T>(prompt: SignInPrompt): Promise<T> {
    // A prompt that is still open belongs to a sign-in that is over: close it first.
    this.#answer?.reject(new SignInCancelled('replaced by a newer prompt'))
    return new Promise<T>((resolve, reject) => {
      this.#answer = { resolve: resolve as (value: never) => void, reject }
      this.#askedAt = this.#now()
      this.prompt.set(prompt)
    })
  }

  #settle(value: unknown): void {
    const answer = this.#answer
    this.#answer = undefined
    this.#stopTyping()
    this.prompt.set(undefined)
    answer?.resolve(value as never)
  }

  /** The prompt closed: the time it was open was the player's, not the login's. */
  #stopTyping(): void {
    if (this.#askedAt !== undefined) this.#typingMs += this.#now() - this.#askedAt
    this.#askedAt = undefined
  }

  #fail(error: unknown, text: string): void {
    this.view.set({
      ...signedOutView,
      phase: 'error',
      state: 'error',
      error: text,
      method: this.#method,
    })
    this.log.add('error', `Login failed: ${errorText(error)}`)
  }

  #rememberedMethod(): SignInMethod {
    try {
      return this.#storage()?.getItem(METHOD_KEY) === 'username' ? 'username' : 'device'
    } catch {
      return 'device'
    }
  }

  /** `undefined` forgets the choice: the next launch uses the device account. */
  #setMethod(method: SignInMethod | undefined, username?: string): void {
    this.#method = method ?? 'device'
    try {
      const storage = this.#storage()
      if (method === undefined || method === 'device') {
        storage?.removeItem(METHOD_KEY)
        storage?.removeItem(USERNAME_KEY)
      } else {
        storage?.setItem(METHOD_KEY, method)
        if (username) storage?.setItem(USERNAME_KEY, username)
      }
    } catch {
      // Storage blocked: the choice is only lost across reloads.
    }
  }

  #rememberedUsername(): string | undefined {
    try {
      return this.#storage()?.getItem(USERNAME_KEY) ?? undefined
    } catch {
      return undefined
    }
  }

  #storage(): MethodStorage | undefined {
    if (this.#options.storage) return this.#options.storage()
    return typeof localStorage === 'undefined' ? undefined : localStorage
  }

  async #logout(options: { forgetCredentials: boolean }): Promise<void> {
    const session = this.#session
    const method = this.#method
    if (!session) return
    // A re-authentication may be waiting on the form (refresh token rejected mid-game): the
    // SDK cannot abort a question the player was asked, so close it here.
    if (this.prompt.value) this.cancelSignIn()
    try {
      await session.logout({ revoke: true, forgetCredentials: options.forgetCredentials })
    } finally {
      this.#detach()
      if (method === 'username') this.#setMethod(undefined)
      this.view.set(signedOutView)
    }
  }

  #attach(session: GameSession): void {
    this.#session = session
    this.gameSession.set(session)
    this.#loginTypingMs = this.#typingMs
    this.#typingMs = 0
    this.view.set({
      ...this.view.value,
      phase: 'ready',
      userId: session.userId,
      username:
        this.#method === 'username'
          ? (this.#lastUsername ?? this.#rememberedUsername())
          : undefined,
      error: undefined,
      method: this.#method,
    })
    const subscriptions = [
      session.accessToken$.subscribe((token) => {
        this.view.set({ ...this.view.value, expire: token?.expire })
      }),
      session.state$.subscribe((state) => this.#onState(state)),
      session.events$.subscribe((event) => this.#onEvent(event)),
    ]
    const setIntervalFn = this.#options.setInterval ?? ((fn, ms) => setInterval(fn, ms))
    const clearIntervalFn =
      this.#options.clearInterval ??
      ((handle) => clearInterval(handle as ReturnType<typeof setInterval>))
    const heartbeat = setIntervalFn(() => void this.#heartbeat(session), this.#config.heartbeatMs)
    this.#detachers = [
      ...subscriptions.map((subscription) => () => subscription.unsubscribe()),
      () => clearIntervalFn(heartbeat),
    ]
  }

  #onState(state: EzSessionState): void {
    this.view.set({ ...this.view.value, state: state.status })
  }

  #onEvent(event: EzEvent): void {
    const line = describeEvent(this.#withoutTyping(event))
    if (line) this.log.add(line.kind, line.message)
    // The SDK ended the session on its own (credentials refused, another tab logged out). Our
    // own logout is not finished when the SDK says so: #logout still forgets the credentials
    // and revokes, and only then shows the player signed out. Showing it here let a reload or
    // a new sign-in overtake the forgetting (a refresh token that outlived its logout).
    if (
      event.type === 'signedOut' &&
      event.reason !== 'logout' &&
      this.view.value.phase === 'ready'
    ) {
      const formerUserId = this.view.value.userId
      this.#detach()
      if (this.#method === 'username') this.#setMethod(undefined)
      const reason = event.reason
      if (reason === 'movedToAnotherDevice') {
        // A transfer code was used elsewhere and the namespace changed the password: this
        // browser's player lives on another device now. Not a ban and not an error: offer a
        // new game or a transfer code back.
        this.view.set({ ...signedOutView, phase: 'movedToAnotherDevice', formerUserId })
        return
      }
      if (reason === 'switchedAccount' && this.#takingOver) {
        // Our own takeover replaced this player; submitTransferCode attaches the new one.
        return
      }
      if (reason === 'switchedAccount') {
        // Another tab continued with a transfer code: the device account changed under this
        // tab. Logging in again finds the new one (normally from the cache).
        this.log.add('info', 'Another tab switched to a transferred player; following it')
        void this.loginWithDevice()
        return
      }
      this.view.set(signedOutView)
    }
  }

  /** The SDK's login time includes the player's typing; the log shows the server's part. */
  #withoutTyping(event: EzEvent): EzEvent {
    let typing = 0
    if (event.type === 'loggedIn') {
      typing = this.#loginTypingMs
      this.#loginTypingMs = 0
    } else if (event.type === 'reauthenticated') {
      // A session whose refresh token was refused asked the player again mid-game.
      typing = this.#typingMs
      this.#typingMs = 0
    } else return event
    return typing === 0 ? event : { ...event, latencyMs: Math.max(0, event.latencyMs - typing) }
  }

  /**
   * A real call with the player's token. This is what makes a revoked token visible: GS2 only
   * rejects a token when it is used, and the SDK re-authenticates on that 401.
   */
  async #heartbeat(session: GameSession): Promise<void> {
    try {
      // `call` re-authenticates once on a 401 and replays. The request itself is the cheapest
      // GS2 call there is; carrying X-GS2-ACCESS-TOKEN makes the server check the token.
      await session.call((token) =>
        this.#profile.restSession.request({
          service: 'auth',
          method: 'GET',
          path: '/system/version',
          accessToken: token.token,
          schema: GetServiceVersionResultSchema,
        }),
      )
    } catch (error) {
      this.log.add('error', `Heartbeat failed: ${errorText(error)}`)
    }
  }

  #detach(): void {
    for (const detach of this.#detachers) detach()
    this.#detachers = []
    this.#session = undefined
    this.gameSession.set(undefined)
  }
}

/** The player closed the form: the SDK wraps that in CredentialsRejectedError(`oauth2.cancelled`). */
function isCancelled(error: unknown): boolean {
  if (error instanceof SignInCancelled) return true
  return error instanceof CredentialsRejectedError && error.cause instanceof SignInCancelled
}
