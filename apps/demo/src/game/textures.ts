import Phaser from 'phaser'
import { palette } from './palette.ts'

export const TextureKeys = {
  ship: 'ship',
  gem: 'gem',
  meteor: 'meteor',
  spark: 'spark',
  star: 'star',
  heart: 'heart',
} as const

/**
 * Draws every sprite with Graphics and bakes it into a texture, so the demo ships no image
 * files and loads instantly.
 */
export function generateTextures(scene: Phaser.Scene): void {
  const g = scene.make.graphics({ x: 0, y: 0 }, false)

  // Ship, pointing right (rotation 0 in Phaser).
  g.fillStyle(palette.flame, 1)
  g.fillTriangle(0, 15, 0, 25, 10, 20)
  g.fillStyle(palette.shipDark, 1)
  g.fillTriangle(6, 4, 6, 36, 38, 20)
  g.fillStyle(palette.ship, 1)
  g.fillTriangle(10, 9, 10, 31, 34, 20)
  g.fillStyle(0xffffff, 0.9)
  g.fillCircle(20, 20, 3.5)
  g.generateTexture(TextureKeys.ship, 40, 40)
  g.clear()

  // Gem: a faceted diamond.
  g.fillStyle(palette.gemDark, 1)
  g.fillPoints(diamond(13, 13, 12, 13), true)
  g.fillStyle(palette.gem, 1)
  g.fillPoints(diamond(13, 13, 9, 10), true)
  g.fillStyle(0xffffff, 0.75)
  g.fillTriangle(13, 4, 9, 12, 13, 12)
  g.generateTexture(TextureKeys.gem, 26, 26)
  g.clear()

  // Meteor: a lumpy rock (overlapping circles) with craters.
  g.fillStyle(palette.meteorDark, 1)
  g.fillCircle(20, 20, 17)
  g.fillCircle(13, 14, 10)
  g.fillCircle(27, 26, 10)
  g.fillStyle(palette.meteor, 1)
  g.fillCircle(20, 20, 14)
  g.fillCircle(14, 15, 8)
  g.fillCircle(26, 25, 8)
  g.fillStyle(palette.meteorDark, 0.8)
  g.fillCircle(15, 17, 4)
  g.fillCircle(25, 25, 3)
  g.fillCircle(26, 14, 2)
  g.generateTexture(TextureKeys.meteor, 40, 40)
  g.clear()

  g.fillStyle(0xffffff, 1)
  g.fillCircle(4, 4, 4)
  g.generateTexture(TextureKeys.spark, 8, 8)
  g.clear()

  g.fillStyle(palette.star, 1)
  g.fillRect(0, 0, 2, 2)
  g.generateTexture(TextureKeys.star, 2, 2)
  g.clear()

  g.fillStyle(palette.heart, 1)
  g.fillCircle(6, 6, 5)
  g.fillCircle(14, 6, 5)
  g.fillTriangle(1.5, 8, 18.5, 8, 10, 18)
  g.generateTexture(TextureKeys.heart, 20, 20)
  g.destroy()
}

function diamond(cx: number, cy: number, rx: number, ry: number) {
  const { Vector2 } = Phaser.Math
  return [
    new Vector2(cx, cy - ry),
    new Vector2(cx + rx, cy),
    new Vector2(cx, cy + ry),
    new Vector2(cx - rx, cy),
  ]
}
