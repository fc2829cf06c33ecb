import type { DemoSession, SessionView } from '../session/demoSession.ts'
import type { LogEntry } from '../session/sessionLog.ts'
import { h } from '../ui/dom.ts'
import { formatClock, formatCountdown, shortenUserId, stateLabel } from '../ui/format.ts'

export interface HudOptions {
  readonly now?: () => number
  readonly setInterval?: (fn: () => void, ms: number) => unknown
  readonly clearInterval?: (handle: unknown) => void
}

/**
 * The session panel next to the game: who is signed in, what the SDK is doing, how long the
 * token lives, and a log of what happened. It only reads `DemoSession`; it never touches the
 * SDK directly.
 */
export function mountHud(parent: HTMLElement, session: DemoSession, options: HudOptions = {}) {
  const now = options.now ?? (() => Date.now())
  const username = h('strong', { class: 'hud-username', 'data-testid': 'hud-username' })
  const userId = h('code', { 'data-testid': 'hud-user-id' }, '—')
  const state = h('span', { class: 'pill', 'data-testid': 'hud-state' }, '—')
  const expires = h('span', { class: 'countdown', 'data-testid': 'hud-expires' }, '—')
  const bar = h('div', { class: 'bar-fill' })
  const log = h('ol', { class: 'log', 'data-testid': 'hud-log', 'aria-live': 'polite' })
  const logout = h('button', { class: 'btn', 'data-testid': 'btn-logout' }, 'Log out')
  const newAccount = h('button', { class: 'btn', 'data-testid': 'btn-new-account' }, 'New account')
  const saveProgress = h(
    'button',
    {
      class: 'btn btn-primary',
      'data-testid': 'btn-save-progress',
      title: 'A transfer code to continue as this player on another device',
    },
    'Save my progress',
  )
  const revoke = h(
    'button',
    {
      class: 'btn btn-danger',
      'data-testid': 'btn-revoke',
      title: 'Revokes the token on the emulator; the SDK re-authenticates on its next call',
    },
    'Revoke my token',
  )

  parent.append(
    h(
      'aside',
      { class: 'hud', 'aria-label': 'GS2 session' },
      h('h2', {}, 'GS2 session'),
      h(
        'dl',
        {},
        h('dt', {}, 'Player'),
        h('dd', {}, username, userId),
        h('dt', {}, 'State'),
        h('dd', {}, state),
        h('dt', {}, 'Token expires in'),
        h('dd', {}, expires, h('div', { class: 'bar' }, bar)),
      ),
      h('div', { class: 'hud-actions' }, saveProgress, logout, newAccount, revoke),
      h('h3', {}, 'Session events'),
      log,
    ),
  )

  const act = (button: HTMLButtonElement, action: () => Promise<void>) => {
    button.addEventListener('click', async () => {
      // Otherwise the button keeps focus and the SPACE that starts the game clicks it again.
      button.blur()
      button.disabled = true
      try {
        await action()
      } catch (error) {
        session.log.add('error', error instanceof Error ? error.message : String(error))
      } finally {
        button.disabled = false
        render(session.view.value)
      }
    })
  }
  act(logout, () => session.logout())
  act(newAccount, () => session.loginAsNewAccount())
  act(revoke, () => session.revokeCurrentToken())
  act(saveProgress, () => session.saveProgress())

  // The bar shows the share of the token's life left, measured from when the HUD first saw it.
  let lifetime = { expire: 0, total: 1 }
  const tick = () => {
    const expire = session.view.value.expire
    if (expire === undefined) {
      expires.textContent = '—'
      bar.style.width = '0%'
      return
    }
    if (expire !== lifetime.expire) lifetime = { expire, total: Math.max(1, expire - now()) }
    const remaining = expire - now()
    expires.textContent = formatCountdown(remaining)
    expires.dataset.remainingMs = String(Math.max(0, Math.round(remaining)))
    bar.style.width = `${Math.max(0, Math.min(100, (remaining / lifetime.total) * 100))}%`
    bar.classList.toggle('low', remaining < 20_000)
  }

  const render = (view: SessionView) => {
    username.textContent = view.username ?? ''
    username.hidden = view.username === undefined
    userId.textContent = shortenUserId(view.userId)
    userId.title = view.userId ?? ''
    state.textContent = stateLabel(view.phase === 'error' ? 'error' : view.state)
    state.dataset.state = view.phase === 'error' ? 'error' : view.state
    const signedIn = view.phase === 'ready'
    logout.disabled = !signedIn
    revoke.disabled = !signedIn
    // A username player signs in with their username anywhere: transfer codes are for devices.
    saveProgress.disabled = !signedIn || view.method !== 'device'
    newAccount.disabled = view.phase === 'connecting'
    tick()
  }

  const renderLog = (entries: readonly LogEntry[]) => {
    log.replaceChildren(
      ...entries
        .slice()
        .reverse()
        .map((entry) =>
          h(
            'li',
            { 'data-kind': entry.kind },
            h('time', {}, formatClock(entry.at)),
            ' ',
            entry.message,
          ),
        ),
    )
  }

  const unsubscribeView = session.view.subscribe(render)
  const unsubscribeLog = session.log.entries.subscribe(renderLog)
  const setIntervalFn = options.setInterval ?? ((fn, ms) => setInterval(fn, ms))
  const clearIntervalFn =
    options.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>))
  const ticker = setIntervalFn(tick, 250)

  return () => {
    unsubscribeView()
    unsubscribeLog()
    clearIntervalFn(ticker)
  }
}
