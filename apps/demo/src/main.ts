import { type Gs2ezPlugin, gs2ezPlugin } from '@gs2ez/phaser'
import Phaser from 'phaser'
import { readDemoConfig } from './config.ts'
import { BestScores } from './game/bestScores.ts'
import { reportToDataset } from './game/gameStatus.ts'
import { GAME_HEIGHT, GAME_WIDTH, palette } from './game/palette.ts'
import { BootScene } from './game/scenes/bootScene.ts'
import { GameOverScene } from './game/scenes/gameOverScene.ts'
import { GameScene } from './game/scenes/gameScene.ts'
import { TitleScene } from './game/scenes/titleScene.ts'
import { mountHud } from './hud/hud.ts'
import { DemoSession } from './session/demoSession.ts'
import { TitleOverlay } from './ui/titleOverlay.ts'
import { TransferCodePanel } from './ui/transferCodePanel.ts'
import { UsernameSignInPanel } from './ui/usernameSignIn.ts'
import './style.css'

const config = readDemoConfig(import.meta.env)
const gameElement = document.querySelector<HTMLElement>('#game')
const hudElement = document.querySelector<HTMLElement>('#hud')
if (!gameElement || !hudElement) throw new Error('index.html is missing #game or #hud')

// Login starts before Phaser boots: restoring a cached session takes a few milliseconds,
// so the Title scene usually finds the player already signed in.
const session = new DemoSession({ config })
const login = session.login()

mountHud(hudElement, session)
const overlay = new TitleOverlay(gameElement, config, {
  retry: () => void session.login(),
  loginWithDevice: () => void session.loginWithDevice(),
  loginWithUsername: () => void session.loginWithUsername(),
  openTransferCode: () => session.openTransferCodeForm(),
  startNewGame: () => void session.loginAsNewAccount(),
})
// Over the stage, not inside the Title scene: a session that ends mid-game asks here too.
new UsernameSignInPanel(gameElement, session, config.gameServerUrl)
new TransferCodePanel(gameElement, session)
const cover = () =>
  overlay.setCovered(session.prompt.value !== undefined || session.transfer.value !== undefined)
session.prompt.subscribe(cover)
session.transfer.subscribe(cover)
const report = reportToDataset(gameElement)

// Phaser's boot keeps the main thread busy for a while (textures, WebGL). The SDK gives
// IndexedDB a few seconds to open before it falls back to memory for the rest of the tab, and
// on a slow or busy device the boot could eat them: the player would then sign in again on the
// next launch. So the login (a few milliseconds from the cache) gets a head start, capped so a
// slow network never holds the game back.
// (DemoSession reports a failed login in its view; it never rejects, but the game must boot.)
await Promise.race([login.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1500))])
const bestScores = new BestScores()

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: gameElement,
  width: GAME_WIDTH,
  height: GAME_HEIGHT,
  backgroundColor: palette.space,
  physics: { default: 'arcade', arcade: { debug: false } },
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  // The plugin drives the SDK's deadline check from the game loop (once a second, paused while
  // Phaser says the game is hidden, at once when it is visible again) and re-emits the session's
  // events on `this.gs2ez.events` in every scene.
  plugins: { global: [gs2ezPlugin()] },
  scene: [
    new BootScene(),
    new TitleScene({ session, overlay, report, bestScores }),
    new GameScene({ session, bestScores, report }),
    new GameOverScene(),
  ],
})

// DemoSession decides who is signed in (device, username, switching); each session it starts
// is handed to the plugin.
game.events.once(Phaser.Core.Events.READY, () => {
  const gs2ez = game.plugins.get('gs2ez') as Gs2ezPlugin
  session.gameSession.subscribe((current) => {
    if (current) void gs2ez.use(current)
  })
})
