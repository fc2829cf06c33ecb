import type { Gs2AccountRestClient } from '@gs2ez/account'
import type { Gs2AuthRestClient } from '@gs2ez/auth'
import type { Gs2RestSession } from '@gs2ez/core'
import type { EzEvent } from './ezEvent.ts'
import type { IdentityProof } from './identityProof.ts'
import type { EzStore } from './storage/ezStore.ts'

/**
 * Why the session asks for a token:
 * - `login`: `profile.login()` found no usable cached token.
 * - `proactive`: the refresh deadline (a margin before expiry) was reached by the timer.
 * - `resume`: the deadline was found passed on a wake event (tab shown, laptop woke, online).
 * - `onDemand`: a token read found the token (nearly) expired.
 * - `ensureFresh`: `ensureFreshFor(ms)` needed a token that outlives a match.
 * - `reactive`: a GS2 call answered 401 with the current token (revoked or expired server-side).
 * - `retry`: the backoff after a transient failure ended.
 */
export type AuthenticationReason =
  | 'login'
  | 'proactive'
  | 'resume'
  | 'onDemand'
  | 'ensureFresh'
  | 'reactive'
  | 'retry'

/** What an authenticator is given each time it runs. */
export interface AuthenticatorContext {
  /** The transport (project token included); it connects lazily on the first request. */
  readonly transport: Gs2RestSession
  readonly auth: Gs2AuthRestClient
  readonly account: Gs2AccountRestClient
  /** Persistent store (IndexedDB, or memory when unavailable) for the authenticator's own state. */
  readonly store: EzStore
  /**
   * Where the project lives (the auth service's base URL) and which client logs in: key what
   * you store by both, so two games or environments on one origin never mix.
   */
  readonly endpoint: string
  readonly clientId: string
  readonly reason: AuthenticationReason
  /** Aborted on logout or dispose: pass it to every request. */
  readonly signal: AbortSignal
  /** Device epoch ms (the profile's clock), for what the authenticator records. */
  readonly now?: () => number
  /** Tells the session's `events$` what the authenticator did about its stored credential. */
  readonly announce?: (event: AuthenticatorAnnouncement) => void
}

/** What an authenticator is given to prove who the player is (no token is made). */
export type IdentityProofContext = Omit<AuthenticatorContext, 'reason' | 'announce'>

/** Events an authenticator may announce through the session. */
export type AuthenticatorAnnouncement = Extract<
  EzEvent,
  { readonly type: 'storageRestored' | 'temporaryAccount' }
>

/** A GS2 access token as an authenticator returns it. `expire` is server epoch ms. */
export interface AuthenticatorResult {
  readonly token: string
  readonly userId: string
  readonly expire: number
  readonly federationFromUserId?: string | undefined
  readonly timeOffset?: number | undefined
  /** A throwaway account (the store was unavailable): never stored, lost on reload. */
  readonly temporary?: boolean | undefined
}

/**
 * Turns some credential into a GS2 access token. The session calls `authenticate` for the first
 * login and for every re-authentication (proactive, on resume, on 401), never twice at once in a
 * tab (single flight) and, with IndexedDB, never twice at once across tabs.
 *
 * Contract:
 * - Throw `CredentialsRejectedError` (or let a GS2 error with `account.password.invalid`,
 *   `account.banned.*` or `account.account.notFound` through) when the credentials are refused for good: the
 *   session signs out. Anything else is treated as transient and retried with backoff while the
 *   old token keeps being served.
 * - Be idempotent: an attempt may be abandoned (signal) and run again.
 * - Never call back into the session (`getAccessToken`): the session is waiting for you.
 *
 * ```ts
 * const myAuthenticator: Authenticator = {
 *   id: 'oauth2-password:alice',
 *   async authenticate({ auth, signal }) {
 *     const { body, signature } = await myIdp.sign(signal)
 *     return auth.loginBySignature({ body, signature }, { signal })
 *   },
 * }
 * ```
 */
export interface Authenticator {
  /**
   * Stable identity of the credential, part of the token cache key (e.g.
   * `gs2-account:default`). Two authenticators with the same id share a cached token.
   */
  readonly id?: string
  /** GS2 namespace the credential belongs to, also part of the cache key. */
  readonly namespaceName?: string
  authenticate(context: AuthenticatorContext): Promise<AuthenticatorResult>
  /**
   * Deletes what the authenticator persisted (e.g. a device account's password). Called by
   * `logout({ forgetCredentials: true })` only: a device account's password is the only key to
   * the player's data.
   */
  forget?(context: Pick<AuthenticatorContext, 'store' | 'endpoint' | 'clientId'>): Promise<void>
  /**
   * A GS2-signed proof that the player is who this credential logs in as, for
   * `session.createIdentityProof()`. Optional: only a credential GS2 itself checks can give one
   * (Gs2AccountAuthenticator does).
   */
  proveIdentity?(context: IdentityProofContext): Promise<IdentityProof>
  /**
   * The session found a cached token of `userId` (a reload) and will serve it without calling
   * `authenticate`. Return false to refuse it (not the user this credential logs in as); load
   * what a later re-authentication needs now, while the store still has it (a store cleared
   * mid-session must not leave the session without its credential).
   */
  restore?(context: IdentityProofContext, userId: string): Promise<boolean>
  /**
   * The browser deleted the store while the session plays (site data cleared): put back what a
   * later run needs to log in as the same player, before another tab or a reload finds the
   * store empty and starts a new one. True when something was written back.
   */
  writeBack?(context: IdentityProofContext): Promise<boolean>
}
