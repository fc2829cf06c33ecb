import Phaser from 'phaser'
import { GAME_HEIGHT, GAME_WIDTH, palette } from '../palette.ts'
import { SceneKeys } from '../sceneKeys.ts'
import type { GameOverData } from './gameScene.ts'

/** Runs on top of the frozen Game scene: final score, best score, play again or go back. */
export class GameOverScene extends Phaser.Scene {
  constructor() {
    super(SceneKeys.gameOver)
  }

  create(data: GameOverData): void {
    this.add.rectangle(0, 0, GAME_WIDTH, GAME_HEIGHT, 0x020617, 0.7).setOrigin(0)
    const text = (y: number, value: string, size: number, color: string = palette.text) =>
      this.add
        .text(GAME_WIDTH / 2, y, value, {
          fontFamily: 'system-ui, sans-serif',
          fontSize: `${size}px`,
          fontStyle: size > 40 ? '800' : '400',
          color,
        })
        .setOrigin(0.5)
    text(210, 'GAME OVER', 60, palette.accent)
    text(280, `Score ${data.score}`, 30)
    const best = data.newBest ? 'New best!' : data.best > 0 ? `Best ${data.best}` : ''
    text(320, best, 22, palette.warn)
    text(400, 'SPACE to play again  ·  ESC for the title screen', 18, '#94a3b8')

    const again = () => {
      this.scene.stop()
      this.scene.start(SceneKeys.game)
    }
    const title = () => {
      this.scene.stop()
      this.scene.start(SceneKeys.title)
    }
    this.input.keyboard?.once('keydown-SPACE', again)
    this.input.keyboard?.once('keydown-ENTER', again)
    this.input.keyboard?.once('keydown-ESC', title)
  }
}
