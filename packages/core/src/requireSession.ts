import { ValidationError } from './errors/validationError.ts'
import type { Gs2RestSession } from './gs2RestSession.ts'

/**
 * What every domain client checks in its constructor: a session-like object (duck-typed, so a
 * session from another copy of @gs2ez/core in the same bundle still works).
 */
export function requireSession(session: Gs2RestSession): Gs2RestSession {
  if (typeof (session as { request?: unknown } | undefined)?.request !== 'function') {
    throw new ValidationError('session must be a Gs2RestSession', {
      field: 'session',
      reason: 'invalid_type',
    })
  }
  return session
}
