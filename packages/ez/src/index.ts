// The public API of @gs2ez/ez for games, at most 40 names, each documented in the README.
// Tests, engines and custom setups find the building blocks in `@gs2ez/ez/advanced`.

// Authenticators
export type {
  AuthenticationReason,
  Authenticator,
  AuthenticatorContext,
  AuthenticatorResult,
} from './authenticator.ts'
// What happens to a session
export type { EzAccessToken } from './ezAccessToken.ts'
export type { EzEnvironment } from './ezEnvironment.ts'
// Errors (all of them are core Gs2Errors; bad arguments are core's ValidationError)
export {
  CredentialsRejectedError,
  DisposedError,
  EzError,
  isEzError,
  ReauthenticationPendingError,
  SignedOutError,
  TokenLifetimeTooShortError,
} from './ezError.ts'
export type { EzEvent } from './ezEvent.ts'
// The Ez facade (Unity/Unreal names)
export { createGs2Client } from './facade/createGs2Client.ts'
export type { EzAccount, EzAuthenticationResult } from './facade/ezAccountDomain.ts'
export type { Gs2Client } from './facade/gs2Client.ts'
export type { FailureClassifier } from './failurePolicy.ts'
export { classifyFailure } from './failurePolicy.ts'
// Logging players in
export type { GameSession, LogoutOptions, ReauthenticationOptions } from './gameSession.ts'
export type { Gs2AccountAuthenticatorOptions } from './gs2AccountAuthenticator.ts'
export { Gs2AccountAuthenticator } from './gs2AccountAuthenticator.ts'
export { isOAuth2Error, OAuth2Error } from './oauth2/oauth2Error.ts'
export type {
  CredentialsRequest,
  OAuth2PasswordAuthenticatorOptions,
} from './oauth2/oauth2PasswordAuthenticator.ts'
export { OAuth2PasswordAuthenticator } from './oauth2/oauth2PasswordAuthenticator.ts'
export type { SecondFactorChallenge } from './oauth2/oauth2Token.ts'
export type { ProfileOptions } from './profile.ts'
export { Profile } from './profile.ts'
// Revocation
export type { RevokeContext, Revoker } from './revoker.ts'
export { emulatorRevoker } from './revoker.ts'
export type { EzSessionState } from './sessionState.ts'
// Storage
export type { EzStore, StorageDegradedInfo } from './storage/ezStore.ts'
export { createMemoryStore } from './storage/memoryStore.ts'
