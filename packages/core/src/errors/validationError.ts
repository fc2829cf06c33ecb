import { GS2EZ_ERROR_CODES } from './errorCodes.ts'
import { BadRequestError } from './httpErrors.ts'

/**
 * Bad input caught before any network call. It is a BadRequestError (what the server would have
 * answered, so `status` is 400) that names the field and the limit it broke.
 */
export class ValidationError extends BadRequestError {
  static override readonly errorName = 'ValidationError'
  override name = 'ValidationError'
  /** Dotted path of the offending field, e.g. `userId`. */
  readonly field: string
  /** The limit that was broken (a length or a bound), when there is one. */
  readonly limit: number | undefined

  constructor(
    message: string,
    init: {
      field: string
      limit?: number | undefined
      reason?: string
      cause?: unknown
    },
  ) {
    super(message, {
      status: 400,
      cause: init.cause,
      code: `${GS2EZ_ERROR_CODES.validation}.${init.reason ?? 'invalid'}`,
      details: [
        {
          component: init.field,
          message,
          code: `${GS2EZ_ERROR_CODES.validation}.${init.reason ?? 'invalid'}`,
        },
      ],
    })
    this.field = init.field
    this.limit = init.limit
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, limit: this.limit }
  }
}
