export interface RefreshPlanOptions {
  /** Refresh this long before expiry (default 5 minutes). */
  marginMs: number
  /** Spread refreshes over up to this long earlier, so tabs and players do not synchronise. */
  jitterMs: number
  random: () => number
}

/**
 * When to re-authenticate a token obtained at `obtainedAt` that expires at `expire` (both on
 * the server clock). `max(obtainedAt + 2/3 of the lifetime, expire - margin)`: a one-hour
 * token refreshes 5 minutes early, a 120 s token ~40 s early, so short lifetimes never refresh
 * in a loop (supabase-js#178). The jitter only moves it earlier, and never before half the
 * lifetime.
 */
export const refreshAt = (
  token: { obtainedAt: number; expire: number },
  options: RefreshPlanOptions,
): number => {
  const lifetime = Math.max(0, token.expire - token.obtainedAt)
  const planned = Math.max(token.obtainedAt + (lifetime * 2) / 3, token.expire - options.marginMs)
  const jitter = Math.min(options.jitterMs, lifetime / 10) * options.random()
  return Math.round(Math.max(token.obtainedAt + lifetime / 2, planned - jitter))
}
