import * as z from 'zod/mini'
import { namespaceNameField, userIdField } from './fields.ts'

/** The path of getAccount and deleteAccount: `/{namespaceName}/account/{userId}`. */
export const AccountRequestSchema = z.object({
  namespaceName: namespaceNameField,
  userId: userIdField,
})

export type AccountRequest = z.infer<typeof AccountRequestSchema>
