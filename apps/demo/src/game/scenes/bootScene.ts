import Phaser from 'phaser'
import { SceneKeys } from '../sceneKeys.ts'
import { generateTextures } from '../textures.ts'

/** Builds every texture once, then hands over to the Title scene. */
export class BootScene extends Phaser.Scene {
  constructor() {
    super(SceneKeys.boot)
  }

  create(): void {
    generateTextures(this)
    this.scene.start(SceneKeys.title)
  }
}
