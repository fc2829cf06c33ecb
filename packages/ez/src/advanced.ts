// `@gs2ez/ez/advanced`: the building blocks behind Profile, for tests, game engines and custom
// setups. Games normally need only the root entry.

export type { AuthenticatorAnnouncement } from './authenticator.ts'
export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts'
export type { CrossTabMessage } from './crossTabMessage.ts'
export {
  type CrossTabChannel,
  type CrossTabRefresherOptions,
  createCrossTabRefresher,
} from './crossTabRefresher.ts'
export {
  type DeadlineCause,
  DeadlineScheduler,
  type DeadlineSchedulerOptions,
} from './deadlineScheduler.ts'
export { browserEnvironment, WAKE_EVENTS, type WakeEvent } from './ezEnvironment.ts'
export { EZ_ERROR_CODES, type EzErrorCode, type EzErrorInit } from './ezError.ts'
export type { EzEventType } from './ezEvent.ts'
export {
  DomainCache,
  type DomainCacheKeyParts,
  type DomainCacheOptions,
} from './facade/domainCache.ts'
export {
  EzAccountAccountDomain,
  EzAccountDomain,
  EzAccountNamespaceDomain,
} from './facade/ezAccountDomain.ts'
export { EzAccountGameSessionDomain } from './facade/ezAccountGameSessionDomain.ts'
export { EzAccessTokenDomain, EzAuthDomain, type EzLoginRequest } from './facade/ezAuthDomain.ts'
export {
  type EzTakeOver,
  EzTakeOverGameSessionDomain,
} from './facade/ezTakeOverGameSessionDomain.ts'
export { Gs2Client, type Gs2ClientParts } from './facade/gs2Client.ts'
export { type FailureKind, isUnauthorized } from './failurePolicy.ts'
export {
  type CreateTransferCodeOptions,
  DEFAULT_REAUTHENTICATION,
  GameSession,
  type GameSessionDependencies,
  type SessionServerClock,
  type TakeOverDependencies,
} from './gameSession.ts'
export { createGameSessionDependencies, type GameSessionParts } from './gameSessionDependencies.ts'
export { DEFAULT_KEY_ID_TEMPLATE, resolveKeyId } from './keyId.ts'
export type { OAuth2ErrorCode, OAuth2ErrorInit, OAuth2ErrorReason } from './oauth2/oauth2Error.ts'
export {
  OAuth2PasswordClient,
  type OAuth2PasswordClientOptions,
  type SecondFactorHandler,
  type SignInOptions,
} from './oauth2/oauth2PasswordClient.ts'
export type { OAuth2GrantResult, OAuth2Token } from './oauth2/oauth2Token.ts'
export type { TakeOverOptions } from './profile.ts'
export { createLocalRefresher, type Refresher } from './refresher.ts'
export { type RefreshPlanOptions, refreshAt } from './refreshPlan.ts'
export type { EmulatorRevokerOptions, RevokeContext } from './revoker.ts'
export { type SecureRandom, systemSecureRandom } from './secureRandom.ts'
export type { EzSessionStatus, SignOutReason } from './sessionState.ts'
export { ClockOffsetStore } from './storage/clockOffsetStore.ts'
export { DeviceAccountStore } from './storage/deviceAccountStore.ts'
export { type EzStoreOptions, openEzStore } from './storage/ezStore.ts'
export { type LeaseClaim, LeaseStore } from './storage/leaseStore.ts'
export {
  type DeviceAccount,
  type DeviceAccountTombstone,
  type DeviceAccountTombstoneReason,
  type Lease,
  type RecordRead,
  type SessionRecordScope,
  type StoredToken,
  sessionRecordKeys,
} from './storage/sessionRecords.ts'
export { TokenStore } from './storage/tokenStore.ts'
export {
  generateTransferCode,
  normalizeTransferCodePart,
  TRANSFER_CODE_ALPHABET,
  TRANSFER_CODE_ENTROPY_BITS,
  TRANSFER_CODE_LENGTHS,
} from './transferCode.ts'
