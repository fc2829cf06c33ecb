import type { AuthenticationReason } from './authenticator.ts'
import type { SignOutReason } from './sessionState.ts'
import type { StorageDurability } from './storage/durableStorage.ts'
import type { StorageDegradedInfo } from './storage/ezStore.ts'

/**
 * Everything that happens to a session, as plain data. Listeners are called after the state
 * change is complete and are never awaited, so a slow or throwing listener cannot stall a
 * re-authentication (the supabase auth-js#762 deadlock class).
 */
export type EzEvent =
  | {
      readonly type: 'loggedIn'
      readonly userId: string
      readonly expire: number
      readonly latencyMs: number
      /** A temporary account (the store was unavailable): warn the player, it is lost on reload. */
      readonly temporary?: true
    }
  /** The store lost the device account (cleared site data) and the session wrote it back. */
  | { readonly type: 'storageRestored'; readonly userId: string }
  /** The store could not be read, so the session plays on a new account that is never stored. */
  | { readonly type: 'temporaryAccount'; readonly userId: string; readonly cause: unknown }
  | { readonly type: 'restoredFromCache'; readonly userId: string; readonly expire: number }
  | {
      readonly type: 'reauthenticated'
      readonly reason: AuthenticationReason
      readonly latencyMs: number
      readonly userId: string
      readonly expire: number
      /** `otherTab` when another tab did the work and this one adopted its token. */
      readonly source: 'thisTab' | 'otherTab'
    }
  | {
      readonly type: 'reauthenticationFailed'
      readonly reason: AuthenticationReason
      readonly error: unknown
      readonly definitive: boolean
      /** Server epoch ms of the next automatic attempt; undefined when signing out. */
      readonly retryAt: number | undefined
      readonly attempt: number
    }
  /** Another tab re-authenticated (or logged in) and this tab took its token: no request. */
  | { readonly type: 'tokenAdopted'; readonly userId: string; readonly expire: number }
  | { readonly type: 'refreshScheduled'; readonly at: number }
  | { readonly type: 'storageDegraded'; readonly info: StorageDegradedInfo }
  /** Whether the browser keeps the game's storage (`persisted`), and its usage and quota. */
  | ({ readonly type: 'storageDurability' } & StorageDurability)
  | { readonly type: 'clockSkewDetected'; readonly skewMs: number }
  | { readonly type: 'signedOut'; readonly reason: SignOutReason; readonly error?: unknown }

export type EzEventType = EzEvent['type']
