import type { SessionView } from '../session/demoSession.ts'
import { h } from './dom.ts'
import { shortenUserId } from './format.ts'

export interface TitleOverlayUrls {
  readonly emulatorUrl: string
  readonly gameServerUrl: string
}

export interface TitleOverlayActions {
  /** Retry after a failure, with the method that failed. */
  readonly retry: () => void
  readonly loginWithDevice: () => void
  readonly loginWithUsername: () => void
}

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
  readonly #username: HTMLButtonElement
  readonly #urls: TitleOverlayUrls
  #view: SessionView | undefined
  #onPlay: (() => void) | undefined
  #shown = false
  #covered = false

  constructor(parent: HTMLElement, urls: TitleOverlayUrls, actions: TitleOverlayActions) {
    this.#urls = urls
    this.#status = h('p', { class: 'title-status', 'data-testid': 'title-status', role: 'status' })
    this.#detail = h('p', { class: 'title-detail' })
    this.#play = h('button', { class: 'btn btn-primary', 'data-testid': 'btn-play' }, 'Play')
    this.#retry = h('button', { class: 'btn', 'data-testid': 'btn-retry' }, 'Retry')
    this.#username = h(
      'button',
      { class: 'btn', 'data-testid': 'btn-username-login' },
      'Sign in with username',
    )
    // Blurred on click, so a later SPACE goes to the game instead of clicking the button again.
    this.#play.addEventListener('click', () => {
      this.#play.blur()
      this.#onPlay?.()
    })
    this.#retry.addEventListener('click', () => {
      this.#retry.blur()
      // Signed out: the device account. After a failure: whatever failed, again.
      if (this.#view?.phase === 'signedOut') actions.loginWithDevice()
      else actions.retry()
    })
    this.#username.addEventListener('click', () => {
      this.#username.blur()
      actions.loginWithUsername()
    })
    this.#root = h(
      'div',
      { class: 'title-overlay', hidden: '' },
      this.#status,
      this.#detail,
      h('div', { class: 'title-actions' }, this.#play, this.#retry, this.#username),
    )
    parent.append(this.#root)
  }

  /** Shows the panel; `onPlay` is what the Play button does while it is visible. */
  show(onPlay: () => void): void {
    this.#onPlay = onPlay
    this.#shown = true
    this.#root.hidden = this.#covered
  }

  hide(): void {
    this.#onPlay = undefined
    this.#shown = false
    this.#root.hidden = true
  }

  /**
   * A sign-in form is open over the stage: this panel steps aside, so no spinner or stale
   * status sits behind a form that waits for the player's typing.
   */
  setCovered(covered: boolean): void {
    this.#covered = covered
    this.#root.hidden = !this.#shown || covered
  }

  render(view: SessionView): void {
    this.#view = view
    const username = view.method === 'username'
    this.#status.dataset.phase = view.phase
    this.#root.dataset.phase = view.phase
    this.#play.hidden = view.phase !== 'ready'
    this.#retry.hidden = view.phase !== 'error' && view.phase !== 'signedOut'
    this.#retry.textContent = view.phase === 'signedOut' ? 'Log in' : 'Retry'
    // Next to the device login; while a device session runs it switches to a username one.
    this.#username.hidden =
      view.phase === 'connecting' ||
      (view.phase === 'ready' && username) ||
      (view.phase === 'error' && username)
    switch (view.phase) {
      case 'connecting':
        this.#status.textContent =
          view.state === 'restoring'
            ? 'Restoring your session…'
            : username
              ? 'Signing in with username…'
              : 'Signing in to GS2…'
        this.#detail.textContent = username
          ? `Through the game server at ${this.#urls.gameServerUrl}.`
          : 'A device account is created on first run, then reused.'
        break
      case 'ready':
        this.#status.textContent = `Signed in as ${view.username ?? shortenUserId(view.userId)}`
        this.#detail.textContent = 'Press SPACE or click Play'
        break
      case 'error':
        this.#status.textContent = username
          ? `Can't sign in through the game server at ${this.#urls.gameServerUrl}`
          : `Can't reach GS2 at ${this.#urls.emulatorUrl}`
        this.#detail.textContent = view.error ?? 'Unknown error'
        break
      case 'signedOut':
        this.#status.textContent = 'You are signed out'
        this.#detail.textContent =
          'Log in with this device account, sign in with a username, or pick New account.'
        break
    }
  }
}
