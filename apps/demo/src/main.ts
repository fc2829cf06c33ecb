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
import { UsernameSignInPanel } from './ui/usernameSignIn.ts'
import './style.css'

const config = readDemoConfig(import.meta.env)
const gameElement = document.querySelector<HTMLElement>('#game')
const hudElement = document.querySelector<HTMLElement>('#hud')
if (!gameElement || !hudElement) throw new Error('index.html is missing #game or #hud')

// Login starts before Phaser boots: restoring a cached session takes a few milliseconds,
// so the Title scene usually finds the player already signed in.
const session = new DemoSession({ config })
void session.login()

mountHud(hudElement, session)
const overlay = new TitleOverlay(gameElement, config, {
  retry: () => void session.login(),
  loginWithDevice: () => void session.loginWithDevice(),
  loginWithUsername: () => void session.loginWithUsername(),
})
// Over the stage, not inside the Title scene: a session that ends mid-game asks here too.
new UsernameSignInPanel(gameElement, session, config.gameServerUrl)
const report = reportToDataset(gameElement)
const bestScores = new BestScores()

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: gameElement,
  width: GAME_WIDTH,
  height: GAME_HEIGHT,
  backgroundColor: palette.space,
  physics: { default: 'arcade', arcade: { debug: false } },
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  scene: [
    new BootScene(),
    new TitleScene({ session, overlay, report, bestScores }),
    new GameScene({ session, bestScores, report }),
    new GameOverScene(),
  ],
})

// The SDK's deadline check rides on the game loop, throttled: cheap, and it runs on the first
// frame after the tab or the laptop wakes up.
let lastTick = 0
game.events.on(Phaser.Core.Events.STEP, (time: number) => {
  if (time - lastTick < 1000) return
  lastTick = time
  session.tick()
})
