import Phaser from 'phaser'
import { GAME_HEIGHT, GAME_WIDTH } from '../palette.ts'
import { TextureKeys } from '../textures.ts'

/** Meteors fly in from the edges, aimed near the player; they get faster and denser per level. */
export class MeteorShower {
  readonly group: Phaser.Physics.Arcade.Group
  #untilNext = 900

  constructor(scene: Phaser.Scene) {
    this.group = scene.physics.add.group({ allowGravity: false })
  }

  update(deltaMs: number, level: number, player: { x: number; y: number }): void {
    this.#untilNext -= deltaMs
    if (this.#untilNext <= 0) {
      this.#spawn(level, player)
      this.#untilNext = Math.max(260, 1100 - level * 110) * Phaser.Math.FloatBetween(0.7, 1.3)
    }
    for (const child of this.group.getChildren()) {
      const meteor = child as Phaser.Physics.Arcade.Image
      const outside =
        meteor.x < -80 ||
        meteor.x > GAME_WIDTH + 80 ||
        meteor.y < -80 ||
        meteor.y > GAME_HEIGHT + 80
      if (outside) meteor.destroy()
    }
  }

  #spawn(level: number, player: { x: number; y: number }): void {
    const edge = Phaser.Math.Between(0, 3)
    const along = Math.random()
    const x = edge === 0 ? -40 : edge === 1 ? GAME_WIDTH + 40 : along * GAME_WIDTH
    const y = edge === 2 ? -40 : edge === 3 ? GAME_HEIGHT + 40 : along * GAME_HEIGHT
    const meteor = this.group.create(x, y, TextureKeys.meteor) as Phaser.Physics.Arcade.Image
    const scale = Phaser.Math.FloatBetween(0.7, 1.25)
    meteor.setScale(scale)
    meteor.setCircle(15, 5, 5)
    const aimX = player.x + Phaser.Math.Between(-120, 120)
    const aimY = player.y + Phaser.Math.Between(-120, 120)
    const speed = Phaser.Math.Between(110, 170) + level * 22
    const angle = Phaser.Math.Angle.Between(x, y, aimX, aimY)
    meteor.setVelocity(Math.cos(angle) * speed, Math.sin(angle) * speed)
  }
}
