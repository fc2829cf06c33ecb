import * as z from 'zod/mini'
import { namespaceNameField } from './fields.ts'

/** `POST /{namespaceName}/account`. */
export const CreateAccountRequestSchema = z.object({ namespaceName: namespaceNameField })

export type CreateAccountRequest = z.infer<typeof CreateAccountRequestSchema>
