// The public API of @gs2ez/ez for games: 42 names, each documented in the README (table
// "Exports"). Tests, engines and custom setups find the building blocks in
// `@gs2ez/ez/advanced`. Biome sorts these by module, so each comment sits on its own export.

/** Authenticators: the contract a custom one implements. */
export type {
  AuthenticationReason,
  Authenticator,
  AuthenticatorContext,
  AuthenticatorResult,
} from './authenticator.ts'
/** The token a session hands out. */
export type { EzAccessToken } from './ezAccessToken.ts'
/** Wake events (visibility, online...) from a non-DOM host. */
export type { EzEnvironment } from './ezEnvironment.ts'
/** Errors: all are core Gs2Errors (bad arguments are core's ValidationError). */
export {
  CredentialsRejectedError,
  DisposedError,
  EzError,
  isEzError,
  ReauthenticationPendingError,
  SignedOutError,
  StorageUnavailableError,
  TokenLifetimeTooShortError,
} from './ezError.ts'
/** What happens to a session, as plain data. */
export type { EzEvent } from './ezEvent.ts'
/** The Ez facade with Unity/Unreal names. */
export { createGs2Client } from './facade/createGs2Client.ts'
/** The Ez facade's result types. */
export type { EzAccount, EzAuthenticationResult } from './facade/ezAccountDomain.ts'
/** The Ez facade. */
export type { Gs2Client } from './facade/gs2Client.ts'
/** Which authentication failures sign out. */
export { classifyFailure, type FailureClassifier } from './failurePolicy.ts'
/** A logged-in player (created by `profile.login()`). */
export type { GameSession, LogoutOptions, ReauthenticationOptions } from './gameSession.ts'
/** The device-account login of the Unity/Unreal Ez SDKs. */
export {
  Gs2AccountAuthenticator,
  type Gs2AccountAuthenticatorOptions,
} from './gs2AccountAuthenticator.ts'
/** GS2's signed word that the player is who the session says (`session.createIdentityProof()`). */
export type { IdentityProof } from './identityProof.ts'
/** Errors of the OAuth2 password grant. */
export { isOAuth2Error, OAuth2Error } from './oauth2/oauth2Error.ts'
/** Username/password login against the gs2ez game server. */
export {
  type CredentialsRequest,
  OAuth2PasswordAuthenticator,
  type OAuth2PasswordAuthenticatorOptions,
} from './oauth2/oauth2PasswordAuthenticator.ts'
/** The second factor a password login may ask for. */
export type { SecondFactorChallenge } from './oauth2/oauth2Token.ts'
/** One GS2 project: transport, storage and the players who log in with it. */
export { Profile, type ProfileOptions } from './profile.ts'
/** Server-side revocation for `logout({ revoke: true })`. */
export { emulatorRevoker, type Revoker } from './revoker.ts'
/** The session's state machine. */
export type { EzSessionState } from './sessionState.ts'
/** Persistence: the store interface (IndexedDB by default). */
export type { EzStore, StorageDegradedInfo } from './storage/ezStore.ts'
/** A store that lives in this tab only (tests, SSR, opting out of persistence). */
export { createMemoryStore } from './storage/memoryStore.ts'
/** A code that moves an account to another device (`session.createTransferCode()`). */
export type { TransferCode } from './transferCode.ts'
