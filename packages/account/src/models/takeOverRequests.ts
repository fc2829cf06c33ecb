import * as z from 'zod/mini'
import { namespaceNameField, text } from './fields.ts'
import {
  accessTokenField,
  takeOverPasswordField,
  takeOverTypeField,
  userIdentifierField,
} from './takeOverFields.ts'
import { TAKE_OVER_LIMITS as L } from './takeOverLimits.ts'

// The "me" APIs act as the player whose access token they carry (X-GS2-ACCESS-TOKEN); the
// emulator validates the same schemas without `accessToken`, which it reads from the header.

/** `POST /{namespaceName}/account/me/takeover`. */
export const CreateTakeOverRequestSchema = z.object({
  namespaceName: namespaceNameField,
  accessToken: accessTokenField,
  type: takeOverTypeField,
  userIdentifier: userIdentifierField,
  password: takeOverPasswordField,
})

export type CreateTakeOverRequest = z.infer<typeof CreateTakeOverRequestSchema>

/** `GET /{namespaceName}/account/me/takeover?pageToken&limit`. */
export const DescribeTakeOversRequestSchema = z.object({
  namespaceName: namespaceNameField,
  accessToken: accessTokenField,
  pageToken: z.optional(text(L.pageToken)),
  limit: z.optional(z.int().check(z.minimum(L.limitMin), z.maximum(L.limitMax))),
})

export type DescribeTakeOversRequest = z.infer<typeof DescribeTakeOversRequestSchema>

/** getTakeOver and deleteTakeOver: `/{namespaceName}/account/me/takeover/type/{type}`. */
export const TakeOverRequestSchema = z.object({
  namespaceName: namespaceNameField,
  accessToken: accessTokenField,
  type: takeOverTypeField,
})

export type TakeOverRequest = z.infer<typeof TakeOverRequestSchema>

/** `PUT /{namespaceName}/account/me/takeover/type/{type}`: the old password proves ownership. */
export const UpdateTakeOverRequestSchema = z.object({
  namespaceName: namespaceNameField,
  accessToken: accessTokenField,
  type: takeOverTypeField,
  oldPassword: takeOverPasswordField,
  password: takeOverPasswordField,
})

export type UpdateTakeOverRequest = z.infer<typeof UpdateTakeOverRequestSchema>

/** `POST /{namespaceName}/takeover/type/{type}`: from the new device, without an access token. */
export const DoTakeOverRequestSchema = z.object({
  namespaceName: namespaceNameField,
  type: takeOverTypeField,
  userIdentifier: userIdentifierField,
  password: takeOverPasswordField,
})

export type DoTakeOverRequest = z.infer<typeof DoTakeOverRequestSchema>
