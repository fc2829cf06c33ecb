/** One entry of a GS2 error body: `component` names the model or field, `code` a dotted id. */
export interface Gs2ErrorDetail {
  readonly component: string
  readonly message: string
  readonly code: string
}

export interface Gs2ErrorInit {
  readonly code: string
  readonly status?: number | undefined
  readonly retryable?: boolean
  readonly details?: readonly Gs2ErrorDetail[]
  readonly retryAfterMs?: number | undefined
  readonly cause?: unknown
}

// Symbol.for is shared by every bundle and realm, so two copies of gs2ez still recognise each
// other's errors where `instanceof` would not.
const BRAND = Symbol.for('gs2ez.error')

/**
 * Base of every error gs2ez throws. `code` is the first GS2 error code when the server sent one
 * (`account.password.invalid`), otherwise a `gs2ez.*` code naming the failure kind.
 */
export class Gs2Error extends Error {
  override name = 'Gs2Error'
  readonly code: string
  /** HTTP status of the response, `undefined` when no response arrived. */
  readonly status: number | undefined
  /** Whether sending the same request again may succeed (GS2 retry table). */
  readonly retryable: boolean
  readonly details: readonly Gs2ErrorDetail[]
  /** Server-requested wait from `Retry-After`, when the response had one. */
  readonly retryAfterMs: number | undefined

  constructor(message: string, init: Gs2ErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause })
    this.code = init.code
    this.status = init.status
    this.retryable = init.retryable ?? false
    this.details = init.details ?? []
    this.retryAfterMs = init.retryAfterMs
    Object.defineProperty(this, BRAND, { value: true })
  }

  /** The component of the first detail: which model or field the server complained about. */
  get component(): string | undefined {
    return this.details[0]?.component
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      status: this.status,
      retryable: this.retryable,
      component: this.component,
      details: this.details,
      retryAfterMs: this.retryAfterMs,
    }
  }
}

/**
 * True for any gs2ez error, including one from another bundle of gs2ez. With `name`, also checks
 * the class by its name (`isGs2Error(e, 'UnauthorizedError')`), which also survives bundling.
 */
export const isGs2Error = (error: unknown, name?: string): error is Gs2Error => {
  if (typeof error !== 'object' || error === null) return false
  if ((error as Record<symbol, unknown>)[BRAND] !== true) return false
  if (name === undefined) return true
  // Subclasses match their ancestors' names too (ValidationError is a BadRequestError).
  let proto: unknown = Object.getPrototypeOf(error)
  while (proto !== null && typeof proto === 'object') {
    const ctor = (proto as { constructor?: { errorName?: unknown } }).constructor
    if (ctor?.errorName === name) return true
    proto = Object.getPrototypeOf(proto)
  }
  return (error as Gs2Error).name === name
}
