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
  /** "I have a transfer code": opens the form (the player signed in stays signed in). */
  readonly openTransferCode: () => void
  /** After the account moved away: a brand new player on this browser. */
  readonly startNewGame: () => void
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
  readonly #transferCode: HTMLButtonElement
  readonly #newGame: HTMLButtonElement
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
    this.#transferCode = h(
      'button',
      { class: 'btn', 'data-testid': 'btn-transfer-code' },
      'I have a transfer code',
    )
    this.#newGame = h(
      'button',
      { class: 'btn btn-primary', 'data-testid': 'btn-new-game' },
      'Start a new game',
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
    this.#transferCode.addEventListener('click', () => {
      this.#transferCode.blur()
      actions.openTransferCode()
    })
    this.#newGame.addEventListener('click', () => {
      this.#newGame.blur()
      actions.startNewGame()
    })
    this.#root = h(
      'div',
      { class: 'title-overlay', hidden: '' },
      this.#status,
      this.#detail,
      h(
        'div',
        { class: 'title-actions' },
        this.#play,
        this.#newGame,
        this.#retry,
        this.#username,
        this.#transferCode,
      ),
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
    this.#retry.hidden =
      view.phase !== 'error' && view.phase !== 'signedOut' && view.phase !== 'storageUnavailable'
    this.#retry.textContent = view.phase === 'signedOut' ? 'Log in' : 'Retry'
    // Next to the device login; while a device session runs it switches to a username one.
    this.#username.hidden =
      view.phase === 'connecting' ||
      view.phase === 'storageUnavailable' ||
      view.phase === 'movedToAnotherDevice' ||
      (view.phase === 'ready' && username) ||
      (view.phase === 'error' && username)
    this.#newGame.hidden = view.phase !== 'movedToAnotherDevice'
    // A transfer code needs GS2 and a working storage to keep the player it brings back.
    this.#transferCode.hidden =
      view.phase !== 'ready' && view.phase !== 'signedOut' && view.phase !== 'movedToAnotherDevice'
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
      case 'storageUnavailable':
        this.#status.textContent = 'Storage unavailable'
        this.#detail.textContent =
          "This browser's storage did not answer, so the game can't tell whether you already " +
          'have a player here, and it will not start a second one. Close other tabs of the ' +
          'game or free some disk space, then press Retry.'
        break
      case 'movedToAnotherDevice':
        this.#status.textContent = 'Your account moved to another device'
        this.#detail.textContent =
          `Your player (${shortenUserId(view.formerUserId)}) continued on another device with ` +
          'a transfer code, so this browser can no longer sign in as them. Start a new game ' +
          'here, or bring your player back with a transfer code made on that device.'
        break
    }
  }
}
