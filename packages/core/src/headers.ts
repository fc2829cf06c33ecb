import { ValidationError } from './errors/validationError.ts'

export interface Gs2HeaderInput {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly path: string
  /** Absent only for the project-token login itself, as in every official SDK. */
  readonly clientId?: string | undefined
  /** Absent for the project-token login, and when a transport hook adds it per attempt. */
  readonly projectToken?: string | undefined
  readonly accessToken?: string | undefined
  readonly timeOffsetToken?: string | undefined
  readonly requestId?: string | undefined
  readonly duplicationAvoider?: string | undefined
}

/** True when the path addresses the calling user (`/me/...`), which needs a user access token. */
export const isMeCall = (path: string): boolean =>
  path
    .split('?')[0]!
    .split('/')
    .some((segment) => segment === 'me')

/**
 * The headers GS2 expects on a REST call, and only those the official SDKs send (see README,
 * "Headers"): optional ones only when their value is given. Values are checked for characters that `Headers`
 * would reject anyway, so the caller gets a ValidationError naming the header instead of a
 * TypeError from deep inside fetch.
 */
export const buildGs2Headers = (input: Gs2HeaderInput): Record<string, string> => {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (input.clientId !== undefined) headers['X-GS2-CLIENT-ID'] = input.clientId
  if (input.projectToken !== undefined) headers.Authorization = `Bearer ${input.projectToken}`
  if (input.accessToken !== undefined) {
    headers['X-GS2-ACCESS-TOKEN'] = input.accessToken
  } else if (isMeCall(input.path)) {
    throw new ValidationError(`accessToken is required for ${input.path}`, {
      field: 'accessToken',
      reason: 'required',
    })
  }
  if (input.timeOffsetToken !== undefined) {
    headers['X-GS2-TIME-OFFSET-TOKEN'] = input.timeOffsetToken
  }
  if (input.requestId !== undefined) headers['X-GS2-REQUEST-ID'] = input.requestId
  if (input.duplicationAvoider !== undefined) {
    headers['X-GS2-DUPLICATION-AVOIDER'] = input.duplicationAvoider
  }
  if (input.method === 'POST' || input.method === 'PUT') {
    headers['Content-Type'] = 'application/json'
  }
  for (const [name, value] of Object.entries(headers)) {
    // Header values must be visible ASCII (plus space/tab), and an empty credential is a bug.
    if (value === '' || !/^[\t\x20-\x7e]*$/.test(value)) {
      throw new ValidationError(`${name} header must be non-empty printable ASCII`, {
        field: name,
        reason: 'invalid_format',
      })
    }
  }
  return headers
}
