import { isOAuth2Error } from '@gs2ez/ez'

/** Walks `cause` links (CredentialsRejectedError wraps the server's OAuth2Error). */
function oauth2Cause(error: unknown) {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (isOAuth2Error(current)) return current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** What the username form says after a failed sign-in: what happened and what to do. */
export function signInErrorText(error: unknown, gameServerUrl: string): string {
  const oauth = oauth2Cause(error)
  if (!oauth) return error instanceof Error ? error.message : String(error)
  switch (oauth.reason) {
    case 'invalid_credentials':
      return 'Wrong username or password.'
    case 'invalid_code':
    case 'challenge_locked':
      return 'Too many wrong codes. Sign in again to get a new prompt.'
    case 'challenge_expired':
    case 'challenge_unknown':
      return 'The code prompt expired. Sign in again.'
  }
  switch (oauth.error) {
    case 'too_many_requests': {
      const seconds =
        oauth.retryAfterMs === undefined ? undefined : Math.ceil(oauth.retryAfterMs / 1000)
      return `Too many failed attempts. Try again${seconds === undefined ? ' later' : ` in ${seconds} s`}.`
    }
    case 'network_error':
    case 'timeout':
      return `Can't reach the game server at ${gameServerUrl}. Is it running (pnpm start)?`
    case 'temporarily_unavailable':
      return 'The game server cannot reach GS2 right now. Try again in a moment.'
    case 'invalid_request':
      return oauth.field ? `${oauth.message} (${oauth.field})` : oauth.message
  }
  return oauth.message
}
