/** `a1b2c3d4-...-9f8e` reads better as `a1b2c3…9f8e` in a narrow HUD. */
export function shortenUserId(userId: string | undefined, head = 6, tail = 4): string {
  if (!userId) return '—'
  if (userId.length <= head + tail + 1) return userId
  return `${userId.slice(0, head)}…${userId.slice(-tail)}`
}

/** Time left as `m:ss` (or `h:mm:ss`); `expired` once it is past. */
export function formatCountdown(remainingMs: number): string {
  if (!Number.isFinite(remainingMs)) return '—'
  if (remainingMs <= 0) return 'expired'
  const total = Math.ceil(remainingMs / 1000)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`
}

export function formatClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19)
}

const stateLabels: Record<string, string> = {
  signedOut: 'Signed out',
  restoring: 'Restoring',
  authenticating: 'Signing in',
  active: 'Active',
  refreshing: 'Refreshing',
  degraded: 'Degraded',
  error: 'Error',
}

/** The SDK's status as a player reads it: `signedOut` is "Signed out". */
export function stateLabel(state: string): string {
  return stateLabels[state] ?? state
}
