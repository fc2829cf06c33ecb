import Phaser from 'phaser'
import { GAME_HEIGHT, GAME_WIDTH } from '../palette.ts'
import { TextureKeys } from '../textures.ts'

const MARGIN = 40
const MIN_DISTANCE_FROM_PLAYER = 140

/** Gems to collect: a few on screen at a time, each respawning somewhere away from the player. */
export class GemField {
  readonly group: Phaser.Physics.Arcade.Group

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly count = 3,
  ) {
    this.group = scene.physics.add.group({ allowGravity: false, immovable: true })
  }

  fill(player: { x: number; y: number }): void {
    while (this.group.countActive(true) < this.count) this.spawn(player)
  }

  collect(gem: Phaser.Physics.Arcade.Image, player: { x: number; y: number }): void {
    this.scene.tweens.killTweensOf(gem)
    gem.destroy()
    this.spawn(player)
  }

  spawn(player: { x: number; y: number }): void {
    let x = 0
    let y = 0
    do {
      x = Phaser.Math.Between(MARGIN, GAME_WIDTH - MARGIN)
      y = Phaser.Math.Between(MARGIN + 30, GAME_HEIGHT - MARGIN)
    } while (Phaser.Math.Distance.Between(x, y, player.x, player.y) < MIN_DISTANCE_FROM_PLAYER)
    const gem = this.group.create(x, y, TextureKeys.gem) as Phaser.Physics.Arcade.Image
    gem.setScale(0)
    this.scene.tweens.add({ targets: gem, scale: 1, duration: 220, ease: 'Back.easeOut' })
    this.scene.tweens.add({
      targets: gem,
      angle: { from: -12, to: 12 },
      duration: 700,
      yoyo: true,
      repeat: -1,
      ease: 'Sine.easeInOut',
    })
  }
}
