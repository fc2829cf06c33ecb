import { GS2EZ_ERROR_CODES } from './errorCodes.ts'
import { Gs2Error } from './gs2Error.ts'

export interface SchemaIssue {
  readonly path: readonly PropertyKey[]
  readonly message: string
}

/**
 * A 200 whose body does not match the model. Kept apart from HTTP errors: the request succeeded
 * and sending it again would not help, so it is never retried.
 */
export class Gs2SchemaError extends Gs2Error {
  static readonly errorName = 'Gs2SchemaError'
  override name = 'Gs2SchemaError'
  readonly issues: readonly SchemaIssue[]
  constructor(
    message: string,
    init: { status: number; issues: readonly SchemaIssue[]; cause?: unknown },
  ) {
    super(message, {
      code: GS2EZ_ERROR_CODES.schema,
      status: init.status,
      retryable: false,
      cause: init.cause,
    })
    this.issues = init.issues
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues }
  }
}
