import type { Queryable } from './database.ts'

/**
 * Deletes what can no longer matter: expired refresh tokens and the families left without any,
 * expired time offset tokens, challenges expired over an hour ago, and rate-limit rows whose
 * window and lock are over. Run on start; every statement is safe while other instances serve.
 */
export async function purgeExpired(
  db: Queryable,
  now: number,
  limits: { readonly loginWindowMs: number; readonly registerWindowMs: number },
): Promise<void> {
  await db.query('DELETE FROM refresh_tokens WHERE expires_at <= $1', [now])
  await db.query(
    `DELETE FROM families f WHERE NOT EXISTS
       (SELECT 1 FROM refresh_tokens t WHERE t.family_id = f.family_id)`,
  )
  await db.query('DELETE FROM time_offset_tokens WHERE expire <= $1', [now])
  await db.query('DELETE FROM challenges WHERE expires_at <= $1', [now - 3600_000])
  await db.query(
    'DELETE FROM login_limits WHERE locked_until <= $1 AND window_start <= $2 AND pending = 0',
    // The longest window of any limiter: a row still counting must survive a restart.
    [now, now - Math.max(limits.loginWindowMs, limits.registerWindowMs)],
  )
}
