import type { DemoSession, SignInPrompt } from '../session/demoSession.ts'
import type { SecondFactorChoice } from '../session/gameServerApi.ts'
import { h } from './dom.ts'

type Mode = 'signIn' | 'register' | 'registered'

const input = (testId: string, attributes: Record<string, string>) =>
  h('input', { class: 'field', 'data-testid': testId, required: '', ...attributes })

const labelled = (text: string, control: HTMLElement) =>
  h('label', { class: 'field-label' }, h('span', {}, text), control)

/**
 * "Sign in with username": the forms the DemoSession's prompt asks for (credentials, second
 * factor), plus registration on the game server. DOM over the game stage, so the browser's
 * password manager, autofill of one-time codes and screen readers all work.
 */
export class UsernameSignInPanel {
  readonly #root: HTMLElement
  readonly #title: HTMLElement
  readonly #note: HTMLElement
  readonly #error: HTMLElement
  readonly #credentials: HTMLFormElement
  readonly #username = input('form-username', { name: 'username', autocomplete: 'username' })
  readonly #password = input('form-password', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    minlength: '8',
  })
  readonly #factor = h(
    'select',
    { class: 'field', 'data-testid': 'form-second-factor', name: 'twoFactor' },
    h('option', { value: 'none' }, 'None'),
    h('option', { value: 'totp' }, 'Authenticator app (TOTP)'),
    h('option', { value: 'email' }, 'Code by email'),
  )
  readonly #email = input('form-email', { name: 'email', type: 'email', autocomplete: 'email' })
  readonly #registerOnly: HTMLElement
  readonly #emailRow: HTMLElement
  readonly #submitLogin: HTMLButtonElement
  readonly #submitRegister: HTMLButtonElement
  readonly #toggle: HTMLButtonElement
  readonly #code: HTMLFormElement
  readonly #codeInput = input('form-code', {
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: '6',
  })
  readonly #codeHint: HTMLElement
  readonly #registered: HTMLElement
  #mode: Mode = 'signIn'
  #prompt: SignInPrompt | undefined
  readonly #devMail = h('pre', { class: 'dev-mail', 'data-testid': 'dev-mail' })

  constructor(
    parent: HTMLElement,
    private readonly session: DemoSession,
    private readonly gameServerUrl: string,
  ) {
    this.#title = h('h2', {}, 'Sign in with username')
    this.#note = h('p', { class: 'signin-note' })
    this.#error = h('p', { class: 'signin-error', 'data-testid': 'login-error', role: 'alert' })
    this.#submitLogin = h(
      'button',
      { class: 'btn btn-primary', type: 'submit', 'data-testid': 'btn-submit-login' },
      'Sign in',
    )
    this.#submitRegister = h(
      'button',
      { class: 'btn btn-primary', type: 'submit', 'data-testid': 'btn-submit-register' },
      'Create account',
    )
    this.#toggle = h(
      'button',
      { class: 'btn', type: 'button', 'data-testid': 'btn-register-toggle' },
      'Register',
    )
    this.#emailRow = labelled('Email (the code goes to the dev outbox)', this.#email)
    this.#registerOnly = h(
      'div',
      { class: 'register-only' },
      labelled('Second factor', this.#factor),
      this.#emailRow,
    )
    this.#credentials = h(
      'form',
      { class: 'signin-form', 'data-testid': 'form-credentials' },
      labelled('Username', this.#username),
      labelled('Password', this.#password),
      this.#registerOnly,
      h('div', { class: 'signin-actions' }, this.#submitLogin, this.#submitRegister, this.#toggle),
    )
    this.#codeHint = h('p', { class: 'signin-hint' })
    this.#code = h(
      'form',
      { class: 'signin-form', 'data-testid': 'form-code-prompt' },
      labelled('Code', this.#codeInput),
      this.#codeHint,
      h(
        'div',
        { class: 'signin-actions' },
        h(
          'button',
          { class: 'btn btn-primary', type: 'submit', 'data-testid': 'btn-submit-code' },
          'Verify',
        ),
      ),
    )
    this.#registered = h('div', { class: 'signin-registered', 'data-testid': 'register-result' })
    const cancel = h(
      'button',
      { class: 'btn btn-ghost', type: 'button', 'data-testid': 'btn-cancel-sign-in' },
      'Cancel',
    )
    cancel.addEventListener('click', () => this.session.cancelSignIn())
    this.#root = h(
      'div',
      { class: 'signin-overlay', hidden: '' },
      h(
        'section',
        { class: 'signin-panel', role: 'dialog', 'aria-label': 'Sign in with username' },
        this.#title,
        this.#note,
        this.#error,
        this.#credentials,
        this.#code,
        this.#registered,
        h('div', { class: 'signin-footer' }, cancel),
      ),
    )
    // Phaser listens for keys on window: typing a W or a space here must not steer the ship or
    // start the game.
    for (const type of ['keydown', 'keyup'] as const) {
      this.#root.addEventListener(type, (event) => event.stopPropagation())
    }
    this.#root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.session.cancelSignIn()
    })
    this.#factor.addEventListener('change', () => this.#render())
    this.#toggle.addEventListener('click', () => {
      this.#mode = this.#mode === 'register' ? 'signIn' : 'register'
      this.#setError(undefined)
      this.#render()
    })
    this.#credentials.addEventListener('submit', (event) => {
      event.preventDefault()
      if (this.#mode === 'register') void this.#register()
      else this.session.submitCredentials(this.#username.value.trim(), this.#password.value)
    })
    this.#code.addEventListener('submit', (event) => {
      event.preventDefault()
      this.session.submitCode(this.#codeInput.value.trim())
    })
    parent.append(this.#root)
    session.prompt.subscribe((prompt) => {
      const opened = prompt !== undefined && this.#prompt === undefined
      this.#prompt = prompt
      if (prompt?.kind === 'credentials' && opened && this.#mode !== 'registered') {
        this.#mode = 'signIn'
      }
      if (prompt?.kind === 'code') this.#codeInput.value = ''
      this.#setError(prompt?.error)
      this.#render()
      if (prompt?.kind === 'code') this.#codeInput.focus()
      else if (prompt?.kind === 'credentials') {
        ;(this.#username.value ? this.#password : this.#username).focus()
      }
    })
  }

  async #register(): Promise<void> {
    const twoFactor = this.#factor.value as SecondFactorChoice
    this.#submitRegister.disabled = true
    try {
      const registered = await this.session.register({
        username: this.#username.value.trim(),
        password: this.#password.value,
        twoFactor,
        email: twoFactor === 'email' ? this.#email.value.trim() : undefined,
      })
      this.#password.value = ''
      this.#setError(undefined)
      this.#showRegistered(registered.username, twoFactor, registered.totp, registered.gs2UserId)
    } catch (error) {
      const field = (error as { field?: string }).field
      const message = error instanceof Error ? error.message : String(error)
      this.#setError(field ? `${message} (${field})` : message)
    } finally {
      this.#submitRegister.disabled = false
    }
  }

  #showRegistered(
    username: string,
    twoFactor: SecondFactorChoice,
    totp: { secret: string; otpauthUri: string } | undefined,
    gs2UserId: string | undefined,
  ): void {
    const signIn = h('button', { class: 'btn btn-primary', type: 'button' }, 'Sign in now')
    signIn.addEventListener('click', () => {
      this.#mode = 'signIn'
      this.#render()
      this.#password.focus()
    })
    this.#registered.replaceChildren(
      h('p', {}, `${username} is registered.`),
      ...(gs2UserId
        ? [
            h(
              'p',
              { 'data-testid': 'register-linked' },
              'It is linked to the player you are now: signing in with it continues your game, on any device.',
            ),
          ]
        : []),
      ...(twoFactor === 'totp' && totp
        ? [
            h(
              'p',
              {},
              'Add this account to an authenticator app (Google Authenticator, 1Password, Aegis…): paste the otpauth URI into a QR generator, or type the secret in by hand.',
            ),
            labelled(
              'otpauth URI',
              h('code', { 'data-testid': 'register-otpauth' }, totp.otpauthUri),
            ),
            labelled('Secret', h('code', { 'data-testid': 'register-secret' }, totp.secret)),
          ]
        : []),
      ...(twoFactor === 'email'
        ? [
            h(
              'p',
              { 'data-testid': 'register-email-note' },
              'Each sign-in mails a 6-digit code. The dev game server sends no real mail: it keeps it in its dev outbox, which the sign-in form can show you.',
            ),
          ]
        : []),
      h('div', { class: 'signin-actions' }, signIn),
    )
    this.#mode = 'registered'
    this.#render()
  }

  /** Shows the newest dev-outbox mail: the outbox needs an admin header, so no plain link. */
  #devMailButton(to: string): HTMLElement {
    this.#devMail.hidden = true
    const button = h(
      'button',
      { class: 'btn btn-ghost', type: 'button', 'data-testid': 'btn-show-mail' },
      'Show the mailed code',
    )
    button.addEventListener('click', () => {
      this.session.readDevMail(to).then(
        (text) => {
          this.#devMail.textContent = text ?? `No mail for ${to} yet.`
          this.#devMail.hidden = false
        },
        (error: unknown) => this.#setError(`Could not read the dev outbox: ${String(error)}`),
      )
    })
    return button
  }

  #setError(text: string | undefined): void {
    this.#error.textContent = text ?? ''
    this.#error.hidden = !text
  }

  #render(): void {
    const prompt = this.#prompt
    this.#root.hidden = prompt === undefined
    if (!prompt) return
    const askingCode = prompt.kind === 'code'
    const mode = askingCode ? undefined : this.#mode
    this.#root.dataset.mode = askingCode ? 'code' : this.#mode
    this.#credentials.hidden = mode !== 'signIn' && mode !== 'register'
    this.#code.hidden = !askingCode
    this.#registered.hidden = mode !== 'registered'
    this.#registerOnly.hidden = mode !== 'register'
    this.#emailRow.hidden = this.#factor.value !== 'email'
    this.#email.required = mode === 'register' && this.#factor.value === 'email'
    this.#submitLogin.hidden = mode !== 'signIn'
    this.#submitRegister.hidden = mode !== 'register'
    this.#toggle.textContent = mode === 'register' ? 'Back to sign in' : 'Register'
    this.#password.autocomplete = mode === 'register' ? 'new-password' : 'current-password'
    if (askingCode) {
      this.#title.textContent = 'Second factor'
      this.#note.textContent = prompt.message
      this.#codeHint.replaceChildren(
        ...(prompt.factor === 'email'
          ? [
              'No mail leaves the dev game server: it keeps the code in its dev outbox. ',
              ...(prompt.mailTo === undefined
                ? [
                    `Read it with GET ${this.gameServerUrl}/dev/outbox?to=<your email> and the header Authorization: Bearer <the game server's admin token>.`,
                  ]
                : [this.#devMailButton(prompt.mailTo), this.#devMail]),
            ]
          : ['The 6-digit code your authenticator app shows for this game.']),
      )
      return
    }
    this.#title.textContent =
      mode === 'register'
        ? 'Create an account'
        : mode === 'registered'
          ? 'Account created'
          : 'Sign in with username'
    this.#note.textContent =
      prompt.reason === 'refreshRejected'
        ? 'Your session ended (signed out elsewhere or expired). Sign in again.'
        : mode === 'register'
          ? `Registers on the game server at ${this.gameServerUrl}.`
          : ''
  }
}
