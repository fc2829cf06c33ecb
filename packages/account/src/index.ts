export { Gs2AccountRestClient } from './gs2AccountRestClient.ts'
export type { Account } from './models/account.ts'
export { AccountSchema } from './models/account.ts'
export type { AccountRequest } from './models/accountRequest.ts'
export { AccountRequestSchema } from './models/accountRequest.ts'
export type { AuthenticationRequest } from './models/authenticationRequest.ts'
export { AuthenticationRequestSchema } from './models/authenticationRequest.ts'
export type { BanStatus } from './models/banStatus.ts'
export { BanStatusSchema } from './models/banStatus.ts'
export type { CreateAccountRequest } from './models/createAccountRequest.ts'
export { CreateAccountRequestSchema } from './models/createAccountRequest.ts'
export { ACCOUNT_LIMITS, DEFAULT_ACCOUNT_KEY_ID } from './models/limits.ts'
export {
  AccountRequestMiniSchema,
  AuthenticationRequestMiniSchema,
  CreateAccountRequestMiniSchema,
} from './models/mini/requests.ts'
export {
  AccountMiniSchema,
  AccountResultMiniSchema,
  AuthenticationResultMiniSchema,
  BanStatusMiniSchema,
} from './models/mini/results.ts'
export type { AccountResult, AuthenticationResult } from './models/results.ts'
export { AccountResultSchema, AuthenticationResultSchema } from './models/results.ts'
