import type { AuthenticationReason } from './authenticator.ts'

export type SignOutReason =
  | 'logout'
  /** The identity provider refused the credentials for good (bad password, banned, deleted). */
  | 'rejected'
  /**
   * The device account was taken over on another device, which changed its password: offer
   * "start a new game" or "take over back". Not a ban.
   */
  | 'movedToAnotherDevice'
  /** Another tab of the same game signed out. */
  | 'otherTab'
  /**
   * The device account was replaced by `profile.takeOver()` (in this tab or another): log in
   * again with a Gs2AccountAuthenticator to play the account taken over.
   */
  | 'switchedAccount'

/**
 * Where the session is. `reauthenticationPending` (one name for the state, its error
 * `ReauthenticationPendingError` and its code `gs2ez.reauthentication_pending`) keeps serving the
 * token while it is servable (`tokenValid`) and retries at `retryAt` (server epoch ms); only
 * `signedOut` ends the session.
 */
export type EzSessionState =
  | {
      readonly status: 'signedOut'
      readonly reason: SignOutReason | 'initial'
      readonly error?: unknown
    }
  | { readonly status: 'restoring' }
  | { readonly status: 'authenticating'; readonly reason: AuthenticationReason }
  | { readonly status: 'active'; readonly expire: number; readonly refreshAt: number }
  | {
      readonly status: 'refreshing'
      readonly reason: AuthenticationReason
      readonly expire: number
    }
  | {
      readonly status: 'reauthenticationPending'
      readonly reason: 'backoff'
      readonly error: unknown
      readonly attempt: number
      readonly retryAt: number
      /** Whether the current token is still valid (and is still served). */
      readonly tokenValid: boolean
    }

export type EzSessionStatus = EzSessionState['status']
