import Phaser from 'phaser'
import type { DemoSession } from '../../session/demoSession.ts'
import type { BestScores } from '../bestScores.ts'
import type { ReportGameStatus } from '../gameStatus.ts'
import { GemField } from '../objects/gemField.ts'
import { MeteorShower } from '../objects/meteorShower.ts'
import { PlayerShip } from '../objects/playerShip.ts'
import { ScoreDisplay } from '../objects/scoreDisplay.ts'
import { Starfield } from '../objects/starfield.ts'
import { GAME_HEIGHT, GAME_WIDTH, palette } from '../palette.ts'
import { SceneKeys } from '../sceneKeys.ts'
import { TextureKeys } from '../textures.ts'

export interface GameSceneDeps {
  readonly session: DemoSession
  readonly bestScores: BestScores
  readonly report: ReportGameStatus
}

export interface GameOverData {
  readonly score: number
  readonly best: number
  readonly newBest: boolean
}

const START_LIVES = 3
const POINTS_PER_GEM = 10
const POINTS_PER_LEVEL = 100

export class GameScene extends Phaser.Scene {
  #starfield!: Starfield
  #player!: PlayerShip
  #gems!: GemField
  #meteors!: MeteorShower
  #display!: ScoreDisplay
  #sparks!: Phaser.GameObjects.Particles.ParticleEmitter
  #score = 0
  #lives = START_LIVES
  #over = false

  constructor(private readonly deps: GameSceneDeps) {
    super(SceneKeys.game)
  }

  get level(): number {
    return 1 + Math.floor(this.#score / POINTS_PER_LEVEL)
  }

  create(): void {
    this.#score = 0
    this.#lives = START_LIVES
    this.#over = false
    this.physics.world.setBounds(0, 0, GAME_WIDTH, GAME_HEIGHT)

    this.#starfield = new Starfield(this)
    this.#gems = new GemField(this)
    this.#meteors = new MeteorShower(this)
    this.#player = new PlayerShip(this, GAME_WIDTH / 2, GAME_HEIGHT / 2)
    this.#display = new ScoreDisplay(this)
    this.#sparks = this.add.particles(0, 0, TextureKeys.spark, {
      speed: { min: 60, max: 220 },
      lifespan: 450,
      scale: { start: 0.9, end: 0 },
      emitting: false,
    })
    this.#gems.fill(this.#player.sprite)

    this.physics.add.overlap(this.#player.sprite, this.#gems.group, (_player, gem) =>
      this.#collect(gem as Phaser.Physics.Arcade.Image),
    )
    this.physics.add.overlap(this.#player.sprite, this.#meteors.group, (_player, meteor) =>
      this.#crash(meteor as Phaser.Physics.Arcade.Image),
    )

    // Logging out or switching account ends the run: the score belongs to the old player.
    const unsubscribe = this.deps.session.view.subscribe((view) => {
      if (view.phase !== 'ready' && !this.#over) this.scene.start(SceneKeys.title)
    })
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, unsubscribe)
    this.input.keyboard?.on('keydown-ESC', () => this.scene.start(SceneKeys.title))
    this.#refresh()
  }

  override update(_time: number, delta: number): void {
    this.#starfield.update(delta)
    if (this.#over) return
    this.#player.update()
    this.#meteors.update(delta, this.level, this.#player.sprite)
  }

  #collect(gem: Phaser.Physics.Arcade.Image): void {
    const levelBefore = this.level
    this.#sparks.setParticleTint(palette.gem)
    this.#sparks.explode(14, gem.x, gem.y)
    this.#gems.collect(gem, this.#player.sprite)
    this.#score += POINTS_PER_GEM
    if (this.level > levelBefore) this.#display.announce(`LEVEL ${this.level}`)
    this.#refresh()
  }

  #crash(meteor: Phaser.Physics.Arcade.Image): void {
    if (this.#over || this.#player.invulnerable) return
    this.#sparks.setParticleTint(palette.meteor)
    this.#sparks.explode(24, meteor.x, meteor.y)
    meteor.destroy()
    this.#lives -= 1
    this.cameras.main.shake(220, 0.012)
    this.#refresh()
    if (this.#lives > 0) {
      this.#player.hit()
      return
    }
    this.#gameOver()
  }

  #gameOver(): void {
    this.#over = true
    this.#player.stop()
    this.#player.sprite.setVisible(false)
    this.#sparks.setParticleTint(palette.ship)
    this.#sparks.explode(40, this.#player.sprite.x, this.#player.sprite.y)
    this.physics.pause()
    const userId = this.deps.session.view.value.userId
    const newBest = this.deps.bestScores.submit(userId, this.#score)
    const data: GameOverData = {
      score: this.#score,
      best: this.deps.bestScores.get(userId),
      newBest,
    }
    this.deps.report({ scene: SceneKeys.gameOver, score: this.#score, lives: 0, level: this.level })
    this.time.delayedCall(600, () => this.scene.launch(SceneKeys.gameOver, data))
  }

  #refresh(): void {
    this.#display.render({ score: this.#score, lives: this.#lives, level: this.level })
    if (!this.#over) {
      this.deps.report({
        scene: SceneKeys.game,
        score: this.#score,
        lives: this.#lives,
        level: this.level,
      })
    }
  }
}
