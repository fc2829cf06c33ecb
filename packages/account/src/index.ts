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
export type { AccountResult, AuthenticationResult } from './models/results.ts'
export { AccountResultSchema, AuthenticationResultSchema } from './models/results.ts'
export type { TakeOver } from './models/takeOver.ts'
export { TakeOverSchema } from './models/takeOver.ts'
export { TAKE_OVER_LIMITS } from './models/takeOverLimits.ts'
export type {
  CreateTakeOverRequest,
  DescribeTakeOversRequest,
  DoTakeOverRequest,
  TakeOverRequest,
  UpdateTakeOverRequest,
} from './models/takeOverRequests.ts'
export {
  CreateTakeOverRequestSchema,
  DescribeTakeOversRequestSchema,
  DoTakeOverRequestSchema,
  TakeOverRequestSchema,
  UpdateTakeOverRequestSchema,
} from './models/takeOverRequests.ts'
export type { DescribeTakeOversResult, TakeOverResult } from './models/takeOverResults.ts'
export { DescribeTakeOversResultSchema, TakeOverResultSchema } from './models/takeOverResults.ts'
