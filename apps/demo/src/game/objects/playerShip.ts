import Phaser from 'phaser'
import { TextureKeys } from '../textures.ts'

const SPEED = 300
const INVULNERABLE_MS = 1600

/** The player's ship: arrow keys or WASD, eight directions, banking toward where it goes. */
export class PlayerShip {
  readonly sprite: Phaser.Physics.Arcade.Image
  readonly #keys: Record<'up' | 'down' | 'left' | 'right', Phaser.Input.Keyboard.Key[]>
  #invulnerableUntil = 0

  constructor(
    private readonly scene: Phaser.Scene,
    x: number,
    y: number,
  ) {
    this.sprite = scene.physics.add.image(x, y, TextureKeys.ship)
    this.sprite.setCollideWorldBounds(true)
    this.sprite.setCircle(13, 7, 7)
    const keyboard = scene.input.keyboard
    if (!keyboard) throw new Error('The demo needs a keyboard plugin')
    const { KeyCodes } = Phaser.Input.Keyboard
    const add = (...codes: number[]) => codes.map((code) => keyboard.addKey(code))
    this.#keys = {
      up: add(KeyCodes.UP, KeyCodes.W),
      down: add(KeyCodes.DOWN, KeyCodes.S),
      left: add(KeyCodes.LEFT, KeyCodes.A),
      right: add(KeyCodes.RIGHT, KeyCodes.D),
    }
  }

  get invulnerable(): boolean {
    return this.scene.time.now < this.#invulnerableUntil
  }

  update(): void {
    const held = (keys: Phaser.Input.Keyboard.Key[]) => keys.some((key) => key.isDown)
    const x = Number(held(this.#keys.right)) - Number(held(this.#keys.left))
    const y = Number(held(this.#keys.down)) - Number(held(this.#keys.up))
    const direction = new Phaser.Math.Vector2(x, y).normalize().scale(SPEED)
    this.sprite.setVelocity(direction.x, direction.y)
    if (x !== 0 || y !== 0) {
      const target = Math.atan2(y, x)
      this.sprite.rotation = Phaser.Math.Angle.RotateTo(this.sprite.rotation, target, 0.18)
    }
    this.sprite.setAlpha(
      this.invulnerable ? (Math.floor(this.scene.time.now / 90) % 2) * 0.7 + 0.3 : 1,
    )
  }

  /** A hit: short invulnerability so one meteor cannot take several lives. */
  hit(): void {
    this.#invulnerableUntil = this.scene.time.now + INVULNERABLE_MS
  }

  stop(): void {
    this.sprite.setVelocity(0, 0)
    this.sprite.setAlpha(1)
  }
}
