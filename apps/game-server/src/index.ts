export type {
  Clock,
  GameServerLimits,
  GameServerOptions,
  Gs2ConnectionOptions,
  RandomBytes,
  ScryptCost,
} from './config.ts'
export { DEFAULT_LIMITS, DEFAULT_SCRYPT } from './config.ts'
export type { GameServer, RunningGameServer } from './createGameServer.ts'
export { createGameServer } from './createGameServer.ts'
export type { OAuthErrorCode, OAuthErrorReason } from './errors/oauthError.ts'
export { OAuthError } from './errors/oauthError.ts'
export type { TokenResponse } from './oauth/tokenResponse.ts'
export type { ChallengeAnswer } from './twoFactor/secondFactor.ts'
