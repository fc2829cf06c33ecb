import type { Authenticator, GameSession, Profile } from '@gs2ez/ez'
import Phaser from 'phaser'

/**
 * What the plugin logs in with at boot: a profile and an authenticator, or a session (or the
 * promise of one). Neither: the game hands sessions over later with `use()` or `login()`.
 */
export type Gs2ezPluginData = (
  | { readonly profile: Profile; readonly authenticator: Authenticator; readonly session?: never }
  | { readonly session: GameSession | PromiseLike<GameSession>; readonly profile?: never }
  | { readonly profile?: never; readonly session?: never }
) & {
  /** How often the game loop re-checks the SDK's refresh deadline (default 1000 ms). */
  readonly tickIntervalMs?: number
}

const KEY = 'gs2ez'

/**
 * GS2 login as a Phaser global plugin: one session for the whole game, mapped into every
 * scene as `this.gs2ez`. Global, not per scene, because the player stays signed in across
 * scene changes; the mapping is how Phaser's own global plugins reach scenes.
 *
 * The game loop drives `session.tick()`, so a loop frozen by a hidden tab or a sleeping laptop
 * re-checks the refresh deadline on its first frame back. Session events are re-emitted on
 * `events` under their `type` (`loggedIn`, `reauthenticated`, `signedOut`...), plus `ready`
 * (the session) and `loginFailed` (the error).
 */
export class Gs2ezPlugin extends Phaser.Plugins.BasePlugin {
  /** Session events, under each event's `type`; cleared when the game is destroyed. */
  readonly events = new Phaser.Events.EventEmitter()
  #session: GameSession | undefined
  /** Until the first `use()`/`login()`, `ready` waits for it (scenes may await it first). */
  #adoptFirst: ((login: Promise<GameSession>) => void) | undefined
  #ready = new Promise<GameSession>((resolve) => {
    this.#adoptFirst = resolve
  })
  #profile: Profile | undefined
  /** Sessions this plugin started: disposed with the game (a session handed in is the caller's). */
  readonly #owned = new Set<GameSession>()
  #unsubscribe = () => {}
  #intervalMs = 1000
  #lastTick = -Infinity
  #paused = false
  #destroyed = false

  /** The signed-in session, once `ready` has resolved. */
  get session(): GameSession | undefined {
    return this.#session
  }

  /** Settles with the current login: `await this.gs2ez.ready` in any scene. */
  get ready(): Promise<GameSession> {
    return this.#ready
  }

  /** Phaser passes the `data` of the plugin entry in the game config here. */
  override init(data?: Gs2ezPluginData): void {
    if (data === undefined) return
    if (data.tickIntervalMs !== undefined) {
      if (!(Number.isFinite(data.tickIntervalMs) && data.tickIntervalMs >= 0)) {
        throw new RangeError('gs2ez plugin: tickIntervalMs must be a number >= 0')
      }
      this.#intervalMs = data.tickIntervalMs
    }
    if (data.session !== undefined) void this.use(data.session)
    else if (data.profile !== undefined) {
      this.#profile = data.profile
      void this.login(data.authenticator)
    }
  }

  override start(): void {
    const events = this.game.events
    events.on(Phaser.Core.Events.STEP, this.#step, this)
    events.on(Phaser.Core.Events.HIDDEN, this.pause, this)
    events.on(Phaser.Core.Events.VISIBLE, this.resume, this)
  }

  override stop(): void {
    const events = this.game?.events
    events?.off(Phaser.Core.Events.STEP, this.#step, this)
    events?.off(Phaser.Core.Events.HIDDEN, this.pause, this)
    events?.off(Phaser.Core.Events.VISIBLE, this.resume, this)
  }

  /**
   * Logs in with `authenticator` (on the boot profile, or `profile`). The current session stays
   * until the new one succeeds, so a failed or cancelled switch leaves the player signed in.
   */
  login(authenticator: Authenticator, profile = this.#profile): Promise<GameSession> {
    if (profile === undefined) {
      return Promise.reject(new TypeError('gs2ez plugin: login() needs a profile'))
    }
    this.#profile = profile
    return this.use(
      profile.login(authenticator).then((session) => {
        // A login that ends after the game was destroyed must not outlive it.
        if (this.#destroyed) void session.dispose()
        else this.#owned.add(session)
        return session
      }),
    )
  }

  /** Makes `session` (or the login it will come from) the game's session. */
  use(session: GameSession | PromiseLike<GameSession>): Promise<GameSession> {
    const ready = Promise.resolve(session).then(
      (next) => {
        if (this.#destroyed) throw new Error('gs2ez plugin: the game was destroyed')
        if (this.#ready === ready) this.#attach(next)
        return next
      },
      (error: unknown) => {
        if (this.#ready === ready) this.events.emit('loginFailed', error)
        throw error
      },
    )
    // Awaited by scenes or not at all: a failure is reported on `events`, never unhandled.
    ready.catch(() => {})
    this.#ready = ready
    this.#adoptFirst?.(ready)
    this.#adoptFirst = undefined
    return ready
  }

  /** Stops driving the session's deadline check (Phaser's `hidden`). */
  pause(): void {
    this.#paused = true
  }

  /** Resumes and re-checks the deadline at once (Phaser's `visible`). */
  resume(): void {
    this.#paused = false
    this.#lastTick = -Infinity
    this.#session?.tick()
  }

  override destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.stop()
    this.#unsubscribe()
    this.events.removeAllListeners()
    for (const session of this.#owned) void session.dispose()
    this.#owned.clear()
    this.#session = undefined
    super.destroy()
  }

  #attach(session: GameSession): void {
    if (session === this.#session) return
    this.#unsubscribe()
    this.#session = session
    // `ready` first: the session replays its login event (`loggedIn`, `restoredFromCache`) to
    // this subscription, and listeners set up on `ready` should see it.
    this.events.emit('ready', session)
    const subscription = session.events$.subscribe((event) =>
      this.events.emit(event.type, event, session),
    )
    this.#unsubscribe = () => subscription.unsubscribe()
  }

  #step(time: number): void {
    if (this.#paused || time - this.#lastTick < this.#intervalMs) return
    this.#lastTick = time
    this.#session?.tick()
  }
}

/**
 * The entry for `plugins.global` in the game config: installs the plugin as `this.gs2ez` in
 * every scene and starts the login at boot.
 */
export function gs2ezPlugin(data: Gs2ezPluginData = {}) {
  return { key: KEY, plugin: Gs2ezPlugin, start: true, mapping: KEY, data }
}
