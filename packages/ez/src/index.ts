// Profile and sessions

// Authenticators
export type {
  AuthenticationReason,
  Authenticator,
  AuthenticatorContext,
  AuthenticatorResult,
} from './authenticator.ts'
// Policy, scheduling, environment (for custom setups and tests)
export type { BackoffOptions } from './backoff.ts'
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
export type {
  CrossTabChannel,
  CrossTabCoordinator,
  CrossTabMessage,
} from './crossTabRefresher.ts'
export { createCrossTabCoordinator } from './crossTabRefresher.ts'
export type { DeadlineCause, DeadlineSchedulerOptions } from './deadlineScheduler.ts'
export { DeadlineScheduler } from './deadlineScheduler.ts'
export type { EzAccessToken } from './ezAccessToken.ts'
export type { EzEnvironment, WakeEvent } from './ezEnvironment.ts'
export { browserEnvironment, WAKE_EVENTS } from './ezEnvironment.ts'
// Errors
export type { EzErrorCode, EzErrorInit } from './ezError.ts'
export {
  CredentialsRejectedError,
  DisposedError,
  EZ_ERROR_CODES,
  EzError,
  isEzError,
  ReauthenticationPendingError,
  SignedOutError,
  TokenLifetimeTooShortError,
} from './ezError.ts'
export type { EzEvent, EzEventType } from './ezEvent.ts'
// Facade
export { createGs2Client } from './facade/createGs2Client.ts'
export type { DomainCacheKeyParts, DomainCacheOptions } from './facade/domainCache.ts'
export { DomainCache } from './facade/domainCache.ts'
export type { EzAccount, EzAuthenticationResult } from './facade/ezAccountDomain.ts'
export {
  EzAccountAccountDomain,
  EzAccountDomain,
  EzAccountNamespaceDomain,
} from './facade/ezAccountDomain.ts'
export type { EzLoginRequest } from './facade/ezAuthDomain.ts'
export { EzAccessTokenDomain, EzAuthDomain } from './facade/ezAuthDomain.ts'
export type { Gs2ClientParts } from './facade/gs2Client.ts'
export { Gs2Client } from './facade/gs2Client.ts'
export type { FailureClassifier, FailureKind } from './failurePolicy.ts'
export { classifyFailure, isUnauthorized } from './failurePolicy.ts'
export type {
  GameSessionOptions,
  LogoutOptions,
  ReauthenticationOptions,
  TokenCacheLike,
} from './gameSession.ts'
export { DEFAULT_REAUTHENTICATION, GameSession } from './gameSession.ts'
export type { Gs2AccountAuthenticatorOptions } from './gs2AccountAuthenticator.ts'
export { Gs2AccountAuthenticator } from './gs2AccountAuthenticator.ts'
export { DEFAULT_KEY_ID_TEMPLATE, resolveKeyId } from './keyId.ts'
// OAuth2 password grant against the gs2ez game server (refresh tokens, second factor)
export type { OAuth2ErrorCode, OAuth2ErrorInit, OAuth2ErrorReason } from './oauth2/oauth2Error.ts'
export { isOAuth2Error, OAuth2Error } from './oauth2/oauth2Error.ts'
export type {
  CredentialsRequest,
  OAuth2PasswordAuthenticatorOptions,
} from './oauth2/oauth2PasswordAuthenticator.ts'
export { OAuth2PasswordAuthenticator } from './oauth2/oauth2PasswordAuthenticator.ts'
export type {
  OAuth2PasswordClientOptions,
  SecondFactorHandler,
  SignInOptions,
} from './oauth2/oauth2PasswordClient.ts'
export { OAuth2PasswordClient } from './oauth2/oauth2PasswordClient.ts'
export type { OAuth2GrantResult, OAuth2Token, SecondFactorChallenge } from './oauth2/oauth2Token.ts'
export type { ProfileOptions } from './profile.ts'
export { Profile } from './profile.ts'
export type { RefreshPlanOptions } from './refreshPlan.ts'
export { refreshAt } from './refreshPlan.ts'
// Revocation
export type { EmulatorRevokerOptions, RevokeContext, Revoker } from './revoker.ts'
export { emulatorRevoker } from './revoker.ts'
export type { EzSessionState, EzSessionStatus, SignOutReason } from './sessionState.ts'
export type { DeviceAccount } from './storage/deviceAccountStore.ts'
export { DeviceAccountStore, deviceAccountKey } from './storage/deviceAccountStore.ts'
// Storage, cross-tab and cache (built by the storage side of the package)
export type { EzStore, EzStoreOptions, StorageDegradedInfo } from './storage/ezStore.ts'
export { openEzStore } from './storage/ezStore.ts'
export { createMemoryStore } from './storage/memoryStore.ts'
export type { CachedSession } from './storage/storedToken.ts'
export { sessionCacheKey } from './storage/storedToken.ts'
export { TokenCache } from './storage/tokenStore.ts'
