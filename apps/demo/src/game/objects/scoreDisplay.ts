import type Phaser from 'phaser'
import { GAME_WIDTH, palette } from '../palette.ts'
import { TextureKeys } from '../textures.ts'

const MAX_HEARTS = 5

/** Score, level and hearts drawn on the canvas, plus a short banner for level-ups. */
export class ScoreDisplay {
  readonly #score: Phaser.GameObjects.Text
  readonly #level: Phaser.GameObjects.Text
  readonly #hearts: Phaser.GameObjects.Image[]
  readonly #banner: Phaser.GameObjects.Text

  constructor(private readonly scene: Phaser.Scene) {
    const style = { fontFamily: 'system-ui, sans-serif', fontSize: '22px', color: palette.text }
    this.#score = scene.add.text(16, 12, '', { ...style, fontStyle: '700' }).setDepth(10)
    this.#level = scene.add.text(16, 40, '', { ...style, fontSize: '14px', color: '#94a3b8' })
    this.#level.setDepth(10)
    this.#hearts = Array.from({ length: MAX_HEARTS }, (_, i) =>
      scene.add.image(GAME_WIDTH - 22 - i * 26, 24, TextureKeys.heart).setDepth(10),
    )
    this.#banner = scene.add
      .text(GAME_WIDTH / 2, 120, '', { ...style, fontSize: '40px', fontStyle: '800' })
      .setOrigin(0.5)
      .setColor(palette.warn)
      .setAlpha(0)
      .setDepth(10)
  }

  render(state: { score: number; lives: number; level: number }): void {
    this.#score.setText(`SCORE ${state.score}`)
    this.#level.setText(`LEVEL ${state.level}`)
    this.#hearts.forEach((heart, i) => {
      heart.setVisible(i < state.lives)
    })
  }

  announce(message: string): void {
    this.#banner.setText(message).setAlpha(1).setScale(0.6)
    this.scene.tweens.killTweensOf(this.#banner)
    this.scene.tweens.add({ targets: this.#banner, scale: 1, duration: 250, ease: 'Back.easeOut' })
    this.scene.tweens.add({ targets: this.#banner, alpha: 0, delay: 900, duration: 400 })
  }
}
