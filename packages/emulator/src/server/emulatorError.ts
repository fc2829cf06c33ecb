/**
 * GS2's statuses, plus 429 (not GS2's own, but what a proxy in front may answer: faults only)
 * and 403 (the emulator's own refusals of a foreign Host or Origin, which GS2 never sees).
 */
export type Gs2Status = 400 | 401 | 402 | 403 | 404 | 409 | 429 | 500 | 502 | 503 | 504

export interface Gs2ErrorDetail {
  readonly component: string
  readonly message: string
  readonly code: string
}

/**
 * Every failure the emulator answers with. The body is GS2's: `{"message": "<JSON string of
 * [{component, message, code}]>"}`, so real clients parse it as they parse GS2's.
 */
export class EmulatorError extends Error {
  readonly isEmulatorError = true
  readonly status: Gs2Status
  readonly component: string
  readonly code: string

  constructor(
    status: Gs2Status,
    component: string,
    code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'EmulatorError'
    this.status = status
    this.component = component
    this.code = code
  }

  get details(): Gs2ErrorDetail[] {
    return [{ component: this.component, message: this.message, code: this.code }]
  }

  toBody(): { message: string } {
    return { message: JSON.stringify(this.details) }
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      status: this.status,
      component: this.component,
      code: this.code,
      message: this.message,
    }
  }
}

export const isEmulatorError = (error: unknown): error is EmulatorError =>
  typeof error === 'object' &&
  error !== null &&
  (error as { isEmulatorError?: unknown }).isEmulatorError === true

export const badRequest = (component: string, code: string, message: string): EmulatorError =>
  new EmulatorError(400, component, code, message)

export const unauthorized = (component: string, code: string, message: string): EmulatorError =>
  new EmulatorError(401, component, code, message)

export const forbidden = (component: string, code: string, message: string): EmulatorError =>
  new EmulatorError(403, component, code, message)

export const notFound = (component: string, code: string, message: string): EmulatorError =>
  new EmulatorError(404, component, code, message)

export const conflict = (component: string, code: string, message: string): EmulatorError =>
  new EmulatorError(409, component, code, message)
