import { GetServiceVersionResultSchema } from '@gs2ez/auth'
import type { EzEvent, EzSessionState, GameSession, Revoker } from '@gs2ez/ez'
import { emulatorRevoker, Gs2AccountAuthenticator, Profile } from '@gs2ez/ez'
import type { DemoConfig } from '../config.ts'
import { describeEvent, errorText, loginFailureText } from './describeEvent.ts'
import { ObservableValue } from './observableValue.ts'
import { SessionLog } from './sessionLog.ts'

/** Where the login stands, as the Title scene sees it. */
export type LoginPhase = 'connecting' | 'ready' | 'error' | 'signedOut'

export interface SessionView {
  readonly phase: LoginPhase
  readonly userId: string | undefined
  /** The SDK's own session status (restoring, active, refreshing, degraded, ...). */
  readonly state: string
  /** When the current access token expires, epoch ms; undefined while there is none. */
  readonly expire: number | undefined
  readonly error: string | undefined
}

export interface DemoSessionOptions {
  readonly config: DemoConfig
  readonly fetch?: typeof fetch
  readonly now?: () => number
  readonly setInterval?: (fn: () => void, ms: number) => unknown
  readonly clearInterval?: (handle: unknown) => void
}

const signedOutView: SessionView = {
  phase: 'signedOut',
  userId: undefined,
  state: 'signedOut',
  expire: undefined,
  error: undefined,
}

/**
 * The one place the demo talks to @gs2ez/ez. Scenes and the HUD read `view` and `log` and call
 * the verbs below; nothing else in the game imports the SDK, which is how a real game should
 * keep its backend behind one seam.
 */
export class DemoSession {
  readonly view = new ObservableValue<SessionView>({ ...signedOutView, phase: 'connecting' })
  readonly log: SessionLog
  readonly #config: DemoConfig
  readonly #options: DemoSessionOptions
  readonly #profile: Profile
  readonly #revoker: Revoker
  #session: GameSession | undefined
  #detachers: Array<() => void> = []
  #pending: Promise<void> | undefined

  constructor(options: DemoSessionOptions) {
    this.#options = options
    this.#config = options.config
    this.log = new SessionLog(options.now)
    // GS2 has no client-side revoke; the emulator's admin API stands in for a game server's.
    this.#revoker = emulatorRevoker({
      url: this.#config.emulatorUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
    this.#profile = new Profile({
      clientId: this.#config.clientId,
      clientSecret: this.#config.clientSecret,
      endpointTemplate: this.#config.endpointTemplate,
      revoker: this.#revoker,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
  }

  /**
   * Logs in with this browser's device account (created on the first run, reused after), or
   * restores the cached session without a request. Safe to call again after a failure.
   */
  login(): Promise<void> {
    this.#pending ??= this.#login().finally(() => {
      this.#pending = undefined
    })
    return this.#pending
  }

  /** Logs out and revokes the token on the server; the device account is kept. */
  async logout(): Promise<void> {
    await this.#logout({ forgetCredentials: false })
  }

  /** Forgets this browser's device account and signs up again as a brand new player. */
  async loginAsNewAccount(): Promise<void> {
    await this.#logout({ forgetCredentials: true })
    await this.login()
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

  /**
   * Engine hook: lets the SDK re-check its refresh deadline from the game loop. A frozen loop
   * (hidden tab, sleeping laptop) resumes with a tick, so an overdue refresh starts at once.
   */
  tick(): void {
    this.#session?.tick()
  }

  async dispose(): Promise<void> {
    this.#detach()
    await this.#profile.dispose()
  }

  async #login(): Promise<void> {
    this.#detach()
    this.view.set({ ...signedOutView, phase: 'connecting', state: 'restoring' })
    try {
      const session = await this.#profile.login(
        new Gs2AccountAuthenticator({ namespaceName: this.#config.namespaceName }),
      )
      this.#attach(session)
    } catch (error) {
      this.view.set({
        ...signedOutView,
        phase: 'error',
        state: 'error',
        error: loginFailureText(error),
      })
      this.log.add('error', `Login failed: ${errorText(error)}`)
    }
  }

  async #logout(options: { forgetCredentials: boolean }): Promise<void> {
    const session = this.#session
    if (!session) return
    try {
      await session.logout({ revoke: true, forgetCredentials: options.forgetCredentials })
    } finally {
      this.#detach()
      this.view.set(signedOutView)
    }
  }

  #attach(session: GameSession): void {
    this.#session = session
    this.view.set({ ...this.view.value, phase: 'ready', userId: session.userId, error: undefined })
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
    const line = describeEvent(event)
    if (line) this.log.add(line.kind, line.message)
    // The SDK ended the session on its own (credentials refused, another tab logged out).
    if (event.type === 'signedOut' && this.view.value.phase === 'ready') {
      this.#detach()
      this.view.set(signedOutView)
    }
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
  }
}
