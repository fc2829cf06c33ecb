export interface BackoffOptions {
  /** First delay (default 1 s). */
  baseMs: number
  /** Cap (default 5 minutes): a player offline for an hour costs ~12 attempts, not thousands. */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000 }

/**
 * Delay before retry `attempt` (1-based): capped exponential with "equal jitter" (half fixed,
 * half random), so every client waits at least half the nominal delay and a fleet that failed
 * together spreads out. A server's Retry-After wins when it asks for longer.
 */
export const backoffDelay = (
  attempt: number,
  options: BackoffOptions & { random: () => number; retryAfterMs?: number | undefined },
): number => {
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1))
  const delay = nominal / 2 + (nominal / 2) * options.random()
  return Math.round(Math.max(delay, options.retryAfterMs ?? 0))
}
