import Phaser from 'phaser'
import type { DemoSession } from '../../session/demoSession.ts'
import type { TitleOverlay } from '../../ui/titleOverlay.ts'
import type { BestScores } from '../bestScores.ts'
import type { ReportGameStatus } from '../gameStatus.ts'
import { Starfield } from '../objects/starfield.ts'
import { GAME_HEIGHT, GAME_WIDTH, palette } from '../palette.ts'
import { SceneKeys } from '../sceneKeys.ts'
import { TextureKeys } from '../textures.ts'

export interface TitleSceneDeps {
  readonly session: DemoSession
  readonly overlay: TitleOverlay
  readonly report: ReportGameStatus
  readonly bestScores: BestScores
}

/**
 * Waits for the GS2 session: the game cannot be started before login settles, and a failed
 * login shows its cause with a retry instead of a blank screen.
 */
export class TitleScene extends Phaser.Scene {
  #starfield: Starfield | undefined

  constructor(private readonly deps: TitleSceneDeps) {
    super(SceneKeys.title)
  }

  create(): void {
    const { session, overlay, report, bestScores } = this.deps
    report({ scene: SceneKeys.title })
    this.#starfield = new Starfield(this)

    this.add
      .text(GAME_WIDTH / 2, 150, 'STAR SWEEPER', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '64px',
        fontStyle: '800',
        color: palette.accent,
      })
      .setOrigin(0.5)
      .setShadow(0, 4, '#000000', 8, true, true)
    this.add
      .text(GAME_WIDTH / 2, 205, 'collect the gems · dodge the meteors', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '20px',
        color: palette.text,
      })
      .setOrigin(0.5)
    this.add
      .text(GAME_WIDTH / 2, GAME_HEIGHT - 30, 'arrows / WASD to move', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '14px',
        color: '#94a3b8',
      })
      .setOrigin(0.5)

    const ship = this.add.image(GAME_WIDTH / 2, 305, TextureKeys.ship).setScale(2)
    this.tweens.add({
      targets: ship,
      y: 320,
      duration: 900,
      yoyo: true,
      repeat: -1,
      ease: 'Sine.easeInOut',
    })

    const start = () => {
      if (session.view.value.phase === 'ready') this.scene.start(SceneKeys.game)
    }
    overlay.show(start)
    // Best scores are kept per GS2 player: switching account shows the other player's record.
    const best = this.add
      .text(GAME_WIDTH / 2, 245, '', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '16px',
        color: palette.warn,
      })
      .setOrigin(0.5)
    const unsubscribe = session.view.subscribe((view) => {
      overlay.render(view)
      const score = bestScores.get(view.userId)
      best.setText(view.phase === 'ready' && score > 0 ? `your best: ${score}` : '')
    })
    this.input.keyboard?.on('keydown-SPACE', start)
    this.input.keyboard?.on('keydown-ENTER', start)
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      unsubscribe()
      overlay.hide()
    })
  }

  override update(_time: number, delta: number): void {
    this.#starfield?.update(delta)
  }
}
