import Phaser from 'phaser'
import { GAME_HEIGHT, GAME_WIDTH } from '../palette.ts'
import { TextureKeys } from '../textures.ts'

interface Star {
  readonly image: Phaser.GameObjects.Image
  readonly speed: number
}

/** Three layers of drifting stars: cheap parallax that makes a flat arena feel like space. */
export class Starfield {
  readonly #stars: Star[] = []

  constructor(scene: Phaser.Scene, count = 90) {
    for (let i = 0; i < count; i++) {
      const layer = i % 3
      const image = scene.add
        .image(
          Phaser.Math.Between(0, GAME_WIDTH),
          Phaser.Math.Between(0, GAME_HEIGHT),
          TextureKeys.star,
        )
        .setAlpha(0.25 + layer * 0.3)
        .setScale(1 + layer * 0.5)
        .setDepth(-10)
      this.#stars.push({ image, speed: 12 + layer * 22 })
    }
  }

  update(deltaMs: number): void {
    const dt = deltaMs / 1000
    for (const star of this.#stars) {
      star.image.x -= star.speed * dt
      if (star.image.x < -2) {
        star.image.x = GAME_WIDTH + 2
        star.image.y = Phaser.Math.Between(0, GAME_HEIGHT)
      }
    }
  }
}
