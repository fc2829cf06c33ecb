// A minimal Phaser 4 game with the gs2ez plugin, for phaserPlugin.chromium.test.ts. Config comes
// from the query string; what happened is kept on `window.gs2ezPhaser` for the test to read.
import { GetServiceVersionResultSchema } from '@gs2ez/auth'
import { type EzEvent, type GameSession, Gs2AccountAuthenticator, Profile } from '@gs2ez/ez'
import Phaser from 'phaser'
import { type Gs2ezPlugin, gs2ezPlugin } from '../../index.ts'

export interface PhaserPageState {
  /** Plugin events in order: `ready`, then each session event's type. */
  readonly events: string[]
  /** The user id a scene saw through `await this.gs2ez.ready`. */
  sceneUserId?: string | undefined
  /** How often the game loop called `session.tick()`. */
  ticks: number
  /** Set once the session's observables completed (disposed with the game). */
  sessionEnded: boolean
  game: Phaser.Game
  plugin: () => Gs2ezPlugin | undefined
  /** A real GS2 call with the token through `session.call()` (re-authenticates on a 401). */
  heartbeat: () => Promise<number>
  token: () => string | undefined
}

declare global {
  interface Window {
    gs2ezPhaser: PhaserPageState
  }
}

const query = new URLSearchParams(location.search)
const endpointTemplate = query.get('endpointTemplate') ?? ''
const profile = new Profile({
  clientId: query.get('clientId') ?? '',
  clientSecret: query.get('clientSecret') ?? '',
  endpointTemplate,
})

const TRACKED = ['loggedIn', 'restoredFromCache', 'reauthenticated', 'signedOut'] as const

class TitleScene extends Phaser.Scene {
  constructor() {
    super('title')
  }

  init(): void {
    const events = this.gs2ez.events
    events.on('ready', (session: GameSession) => {
      state.events.push('ready')
      // Count the loop's ticks on this very session.
      const tick = session.tick.bind(session)
      session.tick = () => {
        state.ticks++
        tick()
      }
      session.state$.subscribe({ complete: () => (state.sessionEnded = true) })
    })
    for (const type of TRACKED) events.on(type, (event: EzEvent) => state.events.push(event.type))
  }

  async create(): Promise<void> {
    const label = this.add.text(10, 10, 'Signing in…')
    const session = await this.gs2ez.ready
    state.sceneUserId = session.userId
    label.setText(`Signed in as ${session.userId}`)
  }
}

const game = new Phaser.Game({
  type: Phaser.CANVAS,
  width: 320,
  height: 200,
  scene: [TitleScene],
  plugins: {
    global: [
      gs2ezPlugin({
        profile,
        authenticator: new Gs2AccountAuthenticator(),
        tickIntervalMs: 50,
      }),
    ],
  },
})

const plugin = () => (game.plugins?.get('gs2ez') ?? undefined) as Gs2ezPlugin | undefined

const state: PhaserPageState = {
  events: [],
  ticks: 0,
  sessionEnded: false,
  game,
  plugin,
  token: () => plugin()?.session?.accessToken?.token,
  heartbeat: async () => {
    const session = plugin()?.session
    if (!session) throw new Error('not signed in')
    // The cheapest GS2 call there is; carrying the access token makes the server check it.
    await session.call((token) =>
      profile.restSession.request({
        service: 'auth',
        method: 'GET',
        path: '/system/version',
        accessToken: token.token,
        schema: GetServiceVersionResultSchema,
      }),
    )
    return 200
  },
}
window.gs2ezPhaser = state
