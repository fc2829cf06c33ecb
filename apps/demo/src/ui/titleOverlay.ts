import type { SessionView } from '../session/demoSession.ts'
import { h } from './dom.ts'
import { shortenUserId } from './format.ts'

/**
 * The Title scene's login panel, in DOM so it gets real buttons (focus, screen readers, test
 * ids) while Phaser draws the art behind it.
 */
export class TitleOverlay {
  readonly #root: HTMLElement
  readonly #status: HTMLElement
  readonly #detail: HTMLElement
  readonly #play: HTMLButtonElement
  readonly #retry: HTMLButtonElement
  #onPlay: (() => void) | undefined

  constructor(
    parent: HTMLElement,
    private readonly emulatorUrl: string,
    retry: () => void,
  ) {
    this.#status = h('p', { class: 'title-status', 'data-testid': 'title-status', role: 'status' })
    this.#detail = h('p', { class: 'title-detail' })
    this.#play = h('button', { class: 'btn btn-primary', 'data-testid': 'btn-play' }, 'Play')
    this.#retry = h('button', { class: 'btn', 'data-testid': 'btn-retry' }, 'Retry')
    // Blurred on click, so a later SPACE goes to the game instead of clicking the button again.
    this.#play.addEventListener('click', () => {
      this.#play.blur()
      this.#onPlay?.()
    })
    this.#retry.addEventListener('click', () => {
      this.#retry.blur()
      retry()
    })
    this.#root = h(
      'div',
      { class: 'title-overlay', hidden: '' },
      this.#status,
      this.#detail,
      h('div', { class: 'title-actions' }, this.#play, this.#retry),
    )
    parent.append(this.#root)
  }

  /** Shows the panel; `onPlay` is what the Play button does while it is visible. */
  show(onPlay: () => void): void {
    this.#onPlay = onPlay
    this.#root.hidden = false
  }

  hide(): void {
    this.#onPlay = undefined
    this.#root.hidden = true
  }

  render(view: SessionView): void {
    this.#status.dataset.phase = view.phase
    this.#root.dataset.phase = view.phase
    this.#play.hidden = view.phase !== 'ready'
    this.#retry.hidden = view.phase !== 'error' && view.phase !== 'signedOut'
    this.#retry.textContent = view.phase === 'signedOut' ? 'Log in' : 'Retry'
    switch (view.phase) {
      case 'connecting':
        this.#status.textContent =
          view.state === 'restoring' ? 'Restoring your session…' : 'Signing in to GS2…'
        this.#detail.textContent = 'A device account is created on first run, then reused.'
        break
      case 'ready':
        this.#status.textContent = `Signed in as ${shortenUserId(view.userId)}`
        this.#detail.textContent = 'Press SPACE or click Play'
        break
      case 'error':
        this.#status.textContent = `Can't reach GS2 at ${this.emulatorUrl}`
        this.#detail.textContent = view.error ?? 'Unknown error'
        break
      case 'signedOut':
        this.#status.textContent = 'You are signed out'
        this.#detail.textContent = 'Log in again with this device account, or pick New account.'
        break
    }
  }
}
