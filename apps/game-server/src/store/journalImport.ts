import { join } from 'node:path'
import type { Database } from './database.ts'
import { JOURNAL_FILE, readJournal } from './journal.ts'
import { type Change, TABLE_NAMES, type TableName, type Tables } from './records.ts'

export interface JournalImport {
  readonly users: number
  readonly families: number
  readonly refreshTokens: number
  readonly outbox: number
  readonly timeOffsetTokens: number
}

/** Marks a database that received a journal, so the import runs once. */
const IMPORTED_KEY = 'journal_imported'

/**
 * One-shot move of a journal data directory (the store before PostgreSQL) into the database, in
 * one transaction: users with their scrypt hashes and (sealed) TOTP secrets and last TOTP steps,
 * refresh-token families and hashes, the HMAC key that derives rotated refresh tokens (so
 * sessions signed in before the move keep refreshing, grace window included), time offset
 * tokens and the outbox. Undefined when there is no journal or it was imported already. Refuses a
 * database that already has users: merging two sources of truth is not an import.
 */
export async function importJournal(
  db: Database,
  dataDir: string,
  now: number,
): Promise<JournalImport | undefined> {
  const batches = readJournal(dataDir)
  if (batches === undefined) return undefined
  const tables = Object.fromEntries(TABLE_NAMES.map((name) => [name, new Map()])) as unknown as {
    [T in TableName]: Map<string, Tables[T]>
  }
  for (const batch of batches) {
    for (const change of batch as Change[]) {
      const map = tables[change.t] as Map<string, unknown> | undefined
      if (!map) continue
      if (change.v === undefined) map.delete(change.k)
      else map.set(change.k, change.v)
    }
  }
  return db.transaction(async (tx) => {
    const done = await tx.query('SELECT 1 FROM meta WHERE key = $1', [IMPORTED_KEY])
    if (done.length > 0) return undefined
    const existing = await tx.query('SELECT 1 FROM users LIMIT 1')
    if (existing.length > 0) {
      throw new Error(
        `importJournal: the database already has users; import ${join(dataDir, JOURNAL_FILE)} into an empty one`,
      )
    }
    for (const u of tables.users.values()) {
      await tx.query(
        `INSERT INTO users (user_guid, username, username_key, password_hash, email, two_factor,
           totp_secret, last_totp_step, gs2_user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          u.userGuid,
          u.username,
          u.usernameKey,
          u.passwordHash,
          u.email,
          u.twoFactor,
          u.totpSecret,
          u.lastTotpTimeStep,
          u.gs2UserId,
          u.createdAt,
        ],
      )
    }
    // Tokens of expired or orphaned families are not worth moving.
    const liveFamilies = new Set<string>()
    const tokens = [...tables.refreshTokens.values()].filter(
      (t) => t.expiresAt > now && tables.users.has(t.userGuid) && tables.families.has(t.familyId),
    )
    for (const t of tokens) liveFamilies.add(t.familyId)
    let families = 0
    for (const f of tables.families.values()) {
      if (!liveFamilies.has(f.familyId)) continue
      families++
      await tx.query(
        `INSERT INTO families (family_id, user_guid, client_id, scope, created_at, revoked_at,
           revoked_reason, time_offset)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          f.familyId,
          f.userGuid,
          f.clientId,
          f.scope,
          f.createdAt,
          f.revokedAt,
          f.revokedReason,
          f.timeOffset,
        ],
      )
    }
    for (const t of tokens) {
      await tx.query(
        `INSERT INTO refresh_tokens (hash, family_id, user_guid, issued_at, expires_at, rotated_at,
           successor_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [t.hash, t.familyId, t.userGuid, t.issuedAt, t.expiresAt, t.rotatedAt, t.successorHash],
      )
    }
    const offsets = [...tables.timeOffsetTokens.values()].filter(
      (t) => t.expire > now && tables.users.has(t.userGuid),
    )
    for (const t of offsets) {
      await tx.query(
        'INSERT INTO time_offset_tokens (hash, user_guid, time_offset, expire) VALUES ($1, $2, $3, $4)',
        [t.hash, t.userGuid, t.timeOffset, t.expire],
      )
    }
    const mail = [...tables.outbox.values()]
    for (const m of mail) {
      await tx.query(
        'INSERT INTO outbox (id, recipient, subject, body, sent_at) VALUES ($1, $2, $3, $4, $5)',
        [m.id, m.to, m.subject, m.text, m.sentAt],
      )
    }
    const refreshKey = tables.meta.get('secrets')?.refreshKey
    if (refreshKey !== undefined) {
      await tx.query(
        `INSERT INTO meta (key, value) VALUES ('refresh_key', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [refreshKey],
      )
    }
    const result: JournalImport = {
      users: tables.users.size,
      families,
      refreshTokens: tokens.length,
      outbox: mail.length,
      timeOffsetTokens: offsets.length,
    }
    await tx.query('INSERT INTO meta (key, value) VALUES ($1, $2)', [
      IMPORTED_KEY,
      JSON.stringify({ from: join(dataDir, JOURNAL_FILE), at: now, ...result }),
    ])
    return result
  })
}
