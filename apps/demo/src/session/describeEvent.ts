import type { EzEvent } from '@gs2ez/ez'
import { formatClock } from '../ui/format.ts'
import type { LogKind } from './sessionLog.ts'

export interface LogLine {
  readonly kind: LogKind
  readonly message: string
}

const reasons: Record<string, string> = {
  login: 'login',
  proactive: 'before expiry',
  resume: 'on resume',
  onDemand: 'token was expiring',
  ensureFresh: 'to outlive a match',
  reactive: 'server rejected the token',
  retry: 'retry after a failure',
}

/** Turns an SDK event into a line a player (or a developer watching) can read. */
export function describeEvent(event: EzEvent): LogLine | undefined {
  switch (event.type) {
    case 'loggedIn':
      return { kind: 'signedIn', message: `Logged in (${Math.round(event.latencyMs)} ms)` }
    case 'restoredFromCache':
      return { kind: 'restored', message: 'Restored from cache, no request made' }
    case 'reauthenticated':
      return {
        kind: 'reauthenticated',
        message:
          event.source === 'otherTab'
            ? 'Re-authenticated by another tab, token adopted'
            : `Re-authenticated: ${reasons[event.reason] ?? event.reason} (${Math.round(event.latencyMs)} ms)`,
      }
    case 'reauthenticationFailed':
      return {
        kind: 'degraded',
        message:
          event.retryAt === undefined
            ? `Re-authentication refused (${errorText(event.error)})`
            : `Degraded: re-authentication failed (${errorText(event.error)}), retry at ${formatClock(event.retryAt)}`,
      }
    case 'tokenAdopted':
      return { kind: 'refreshed', message: 'Took the token another tab obtained' }
    case 'refreshScheduled':
      return { kind: 'info', message: `Next refresh scheduled at ${formatClock(event.at)}` }
    case 'storageDegraded':
      return {
        kind: 'degraded',
        message: `Degraded: token storage fell back to memory (${event.info.reason})`,
      }
    case 'clockSkewDetected':
      return {
        kind: 'info',
        message: `Device clock is off by ${Math.round(event.skewMs / 1000)} s`,
      }
    case 'storageRestored':
      return { kind: 'info', message: 'Storage was wiped: the player was written back' }
    case 'temporaryAccount':
      return {
        kind: 'degraded',
        message: 'Storage unavailable: playing on a temporary account (progress is not kept)',
      }
    case 'storageDurability':
      return {
        kind: 'info',
        message: event.persisted
          ? 'Storage is persistent: the browser keeps it under disk pressure'
          : 'Storage is best-effort: the browser may clear it',
      }
    case 'signedOut':
      return { kind: 'signedOut', message: `Signed out (${signOutReasons[event.reason]})` }
  }
}

const signOutReasons: Record<Extract<EzEvent, { type: 'signedOut' }>['reason'], string> = {
  logout: 'logged out',
  rejected: 'credentials refused',
  otherTab: 'another tab logged out',
  movedToAnotherDevice: 'your account moved to another device',
  switchedAccount: 'a transfer code replaced this player',
}

const MAX_ERROR_TEXT = 160

/**
 * One readable line for the HUD log: the code once (not again when the message already starts
 * with it), no line breaks, no markdown backticks, no screenful of server text.
 */
export function errorText(error: unknown): string {
  let text = String(error)
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    text =
      typeof code === 'string' && code !== '' && !error.message.includes(code)
        ? `${code}: ${error.message}`
        : error.message
  }
  text = text.replaceAll('`', '').replace(/\s+/g, ' ').trim()
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text
}

const unreachable = new Set(['gs2ez.network', 'gs2ez.timeout'])

/** What the Title screen says when login fails: the likely fix first, details in the HUD log. */
export function loginFailureText(error: unknown): string {
  const { code, status } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown
    status?: unknown
  }
  if ((typeof code === 'string' && unreachable.has(code)) || status === 502 || status === 503) {
    return 'No answer from GS2. Is the emulator running? Start it with pnpm start.'
  }
  return errorText(error)
}
