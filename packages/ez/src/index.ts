// Profile and sessions

// Authenticators
export type {
  AuthenticationReason,
  Authenticator,
  AuthenticatorContext,
  AuthenticatorResult,
} from './authenticators/authenticator.ts'
export type { Gs2AccountAuthenticatorOptions } from './authenticators/gs2AccountAuthenticator.ts'
export { Gs2AccountAuthenticator } from './authenticators/gs2AccountAuthenticator.ts'
export { DEFAULT_KEY_ID_TEMPLATE, resolveKeyId } from './authenticators/keyId.ts'
export type { DomainCacheKeyParts, DomainCacheOptions } from './cache/domainCache.ts'
export { DomainCache } from './cache/domainCache.ts'
export type {
  CrossTabChannel,
  CrossTabCoordinator,
  CrossTabMessage,
} from './crossTab/crossTabCoordinator.ts'
export { createCrossTabCoordinator } from './crossTab/crossTabCoordinator.ts'
export type { EzEnvironment, WakeEvent } from './environment/ezEnvironment.ts'
export { browserEnvironment, WAKE_EVENTS } from './environment/ezEnvironment.ts'
// Errors
export type { EzErrorCode, EzErrorInit } from './errors/ezError.ts'
export {
  CredentialsRejectedError,
  DisposedError,
  EZ_ERROR_CODES,
  EzError,
  EzOptionError,
  isEzError,
  ReauthenticationPendingError,
  SignedOutError,
  TokenLifetimeTooShortError,
} from './errors/ezError.ts'
export type { EzEvent, EzEventType } from './events/ezEvent.ts'
// Facade
export { createGs2Client } from './facade/createGs2Client.ts'
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

// Policy, scheduling, environment (for custom setups and tests)
export type { BackoffOptions } from './policy/backoff.ts'
export { backoffDelay, DEFAULT_BACKOFF } from './policy/backoff.ts'
export type { FailureClassifier, FailureKind } from './policy/failurePolicy.ts'
export { classifyFailure, isUnauthorized } from './policy/failurePolicy.ts'
export type { ProfileOptions } from './profile.ts'
export { Profile } from './profile.ts'
// Revocation
export type { EmulatorRevokerOptions, RevokeContext, Revoker } from './revoke/revoker.ts'
export { emulatorRevoker } from './revoke/revoker.ts'
export type { DeadlineCause, DeadlineSchedulerOptions } from './scheduler/deadlineScheduler.ts'
export { DeadlineScheduler } from './scheduler/deadlineScheduler.ts'
export type { RefreshPlanOptions } from './scheduler/refreshPlan.ts'
export { refreshAt } from './scheduler/refreshPlan.ts'
export type { EzAccessToken } from './session/ezAccessToken.ts'
export type {
  GameSessionOptions,
  LogoutOptions,
  ReauthenticationOptions,
  TokenCacheLike,
} from './session/gameSession.ts'
export { DEFAULT_REAUTHENTICATION, GameSession } from './session/gameSession.ts'
export type { EzSessionState, EzSessionStatus, SignOutReason } from './session/sessionState.ts'
export type { CachedSession } from './storage/cachedSession.ts'
export { sessionCacheKey } from './storage/cachedSession.ts'
export type { DeviceAccount } from './storage/deviceAccountStore.ts'
export { DeviceAccountStore, deviceAccountKey } from './storage/deviceAccountStore.ts'
// Storage, cross-tab and cache (built by the storage side of the package)
export type { EzStore, EzStoreOptions, StorageDegradedInfo } from './storage/ezStore.ts'
export { openEzStore } from './storage/ezStore.ts'
export { createMemoryStore } from './storage/memoryStore.ts'
export { TokenCache } from './storage/tokenCache.ts'
