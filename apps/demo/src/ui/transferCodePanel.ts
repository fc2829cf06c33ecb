import type { TransferCode } from '@gs2ez/ez'
import type { DemoSession, TransferView } from '../session/demoSession.ts'
import { copyToClipboard } from './copyToClipboard.ts'
import { h } from './dom.ts'

const labelled = (text: string, control: HTMLElement) =>
  h('label', { class: 'field-label' }, h('span', {}, text), control)

/** What Copy puts on the clipboard: both parts, labelled, as the player will type them. */
export const transferCodeText = (code: TransferCode): string =>
  `Star Sweeper transfer code: ${code.userIdentifier}\nPassword: ${code.password}`

/**
 * The other way round: what Copy produced, pasted into the code field (an input turns its line
 * break into a space), split back into both parts. Undefined for anything else.
 */
export const splitCopiedTransferCode = (
  text: string,
): { userIdentifier: string; password: string } | undefined => {
  const match = /transfer code:\s*(\S+)\s+password:\s*(\S+)/i.exec(text)
  return match?.[1] && match[2] ? { userIdentifier: match[1], password: match[2] } : undefined
}

export interface TransferCodePanelOptions {
  /** Default: the clipboard API, else the execCommand fallback. */
  readonly copy?: (text: string) => Promise<boolean>
}

/**
 * The transfer-code dialog over the stage: "Save my progress" shows the code with a Copy
 * button; "I have a transfer code" asks for it. DOM, so the code can be selected, read by a
 * screen reader and pasted into.
 */
export class TransferCodePanel {
  readonly #root: HTMLElement
  readonly #title = h('h2', {})
  readonly #note = h('p', { class: 'transfer-note' })
  readonly #error = h('p', {
    class: 'signin-error',
    'data-testid': 'transfer-error',
    role: 'alert',
  })
  readonly #show: HTMLElement
  readonly #codeId = h('code', { class: 'transfer-code', 'data-testid': 'transfer-code-id' })
  readonly #codePassword = h('code', {
    class: 'transfer-code',
    'data-testid': 'transfer-code-password',
  })
  readonly #copy = h(
    'button',
    { class: 'btn btn-primary', type: 'button', 'data-testid': 'btn-copy-transfer-code' },
    'Copy',
  )
  readonly #copyStatus = h('span', {
    class: 'signin-hint',
    'data-testid': 'copy-status',
    role: 'status',
  })
  readonly #form: HTMLFormElement
  readonly #inputId = h('input', {
    class: 'field',
    'data-testid': 'form-transfer-code',
    name: 'transferCode',
    required: '',
    // Room for the whole copied text pasted here (split into both fields); the SDK checks the
    // code's own length.
    maxlength: '160',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: 'XXXX-XXXX-XXXX',
  })
  readonly #inputPassword = h('input', {
    class: 'field',
    'data-testid': 'form-transfer-password',
    name: 'transferPassword',
    required: '',
    maxlength: '128',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
  })
  readonly #submit = h(
    'button',
    { class: 'btn btn-primary', type: 'submit', 'data-testid': 'btn-submit-transfer' },
    'Continue',
  )
  #view: TransferView | undefined
  #code: TransferCode | undefined

  constructor(
    parent: HTMLElement,
    private readonly session: DemoSession,
    options: TransferCodePanelOptions = {},
  ) {
    const copy = options.copy ?? ((text: string) => copyToClipboard(text))
    this.#show = h(
      'div',
      { class: 'signin-form', 'data-testid': 'transfer-code-shown' },
      labelled('Transfer code', this.#codeId),
      labelled('Password', this.#codePassword),
      h('div', { class: 'signin-actions' }, this.#copy, this.#copyStatus),
    )
    this.#form = h(
      'form',
      { class: 'signin-form', 'data-testid': 'form-transfer' },
      labelled('Transfer code', this.#inputId),
      labelled('Password', this.#inputPassword),
      h('div', { class: 'signin-actions' }, this.#submit),
    )
    const close = h(
      'button',
      { class: 'btn btn-ghost', type: 'button', 'data-testid': 'btn-cancel-transfer' },
      'Cancel',
    )
    close.addEventListener('click', () => this.session.closeTransfer())
    this.#copy.addEventListener('click', () => {
      const code = this.#code
      if (!code) return
      void copy(transferCodeText(code)).then((copied) => {
        this.#copyStatus.textContent = copied
          ? 'Copied. Keep it somewhere safe.'
          : 'Copying is blocked here: select the code and password and copy them by hand.'
      })
    })
    // The whole copied text pasted into the first field fills both.
    this.#inputId.addEventListener('input', () => {
      const copied = splitCopiedTransferCode(this.#inputId.value)
      if (!copied) return
      this.#inputId.value = copied.userIdentifier
      this.#inputPassword.value = copied.password
    })
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault()
      void this.session.submitTransferCode(this.#inputId.value.trim(), this.#inputPassword.value)
    })
    this.#root = h(
      'div',
      { class: 'signin-overlay transfer-overlay', hidden: '', 'data-testid': 'transfer-panel' },
      h(
        'section',
        { class: 'signin-panel', role: 'dialog', 'aria-label': 'Transfer code' },
        this.#title,
        this.#note,
        this.#error,
        this.#show,
        this.#form,
        h('div', { class: 'signin-footer' }, close),
      ),
    )
    // Phaser listens for keys on window: typing here must not steer the ship or start the game.
    for (const type of ['keydown', 'keyup'] as const) {
      this.#root.addEventListener(type, (event) => event.stopPropagation())
    }
    this.#root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.session.closeTransfer()
    })
    parent.append(this.#root)
    session.transfer.subscribe((view) => this.#render(view))
  }

  #render(view: TransferView | undefined): void {
    const opened = view !== undefined && view.kind !== this.#view?.kind
    this.#view = view
    this.#root.hidden = view === undefined
    if (!view) return
    this.#root.dataset.mode = view.kind
    this.#error.textContent = view.error ?? ''
    this.#error.hidden = view.error === undefined
    this.#show.hidden = view.kind !== 'show' || view.code === undefined
    this.#form.hidden = view.kind !== 'enter'
    if (view.kind === 'show') {
      this.#title.textContent = 'Save my progress'
      const shown = this.#code
      this.#code = view.code
      if (opened) this.#copyStatus.textContent = ''
      this.#codeId.textContent = view.code?.userIdentifier ?? ''
      this.#codePassword.textContent = view.code?.password ?? ''
      this.#note.textContent =
        view.code === undefined
          ? view.error === undefined
            ? 'Creating your transfer code…'
            : ''
          : 'To play on another device (or after this browser forgets you), choose ' +
            '"I have a transfer code" there and type both lines. Anyone who has them can take ' +
            'your player, so keep them private. A new code replaces this one.'
      if (view.code && view.code !== shown) this.#copy.focus()
      return
    }
    this.#title.textContent = 'I have a transfer code'
    this.#note.textContent =
      'Type the transfer code and password from "Save my progress" on the device you played ' +
      'on. You keep your current player unless the code is accepted.'
    this.#submit.disabled = view.busy
    this.#submit.textContent = view.busy ? 'Checking…' : 'Continue'
    this.#inputId.disabled = view.busy
    this.#inputPassword.disabled = view.busy
    if (opened) {
      this.#inputId.value = ''
      this.#inputPassword.value = ''
      this.#inputId.focus()
    }
  }
}
