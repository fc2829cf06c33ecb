export { Gs2AuthRestClient } from './gs2AuthRestClient.ts'
export type { AccessToken } from './models/accessToken.ts'
export { AccessTokenSchema } from './models/accessToken.ts'
export type { AccessTokenResult } from './models/accessTokenResult.ts'
export { AccessTokenResultSchema } from './models/accessTokenResult.ts'
export type { FederationRequest } from './models/federationRequest.ts'
export { FederationRequestSchema } from './models/federationRequest.ts'
export type { GetServiceVersionResult } from './models/getServiceVersionResult.ts'
export { GetServiceVersionResultSchema } from './models/getServiceVersionResult.ts'
export type { IssueTimeOffsetTokenByUserIdRequest } from './models/issueTimeOffsetTokenByUserIdRequest.ts'
export { IssueTimeOffsetTokenByUserIdRequestSchema } from './models/issueTimeOffsetTokenByUserIdRequest.ts'
export { AUTH_LIMITS, DEFAULT_KEY_ID } from './models/limits.ts'
export type { LoginBySignatureRequest } from './models/loginBySignatureRequest.ts'
export { LoginBySignatureRequestSchema } from './models/loginBySignatureRequest.ts'
export type { LoginRequest } from './models/loginRequest.ts'
export { LoginRequestSchema } from './models/loginRequest.ts'
export {
  FederationRequestMiniSchema,
  IssueTimeOffsetTokenByUserIdRequestMiniSchema,
  LoginBySignatureRequestMiniSchema,
  LoginRequestMiniSchema,
} from './models/mini/requests.ts'
export {
  AccessTokenMiniSchema,
  AccessTokenResultMiniSchema,
  GetServiceVersionResultMiniSchema,
} from './models/mini/results.ts'
