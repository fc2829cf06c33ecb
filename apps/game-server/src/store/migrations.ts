import type { Database } from './database.ts'

/**
 * The schema, as numbered steps applied once each, in order, and recorded in
 * `schema_migrations`. Never edit a released step: add the next one. Times are epoch
 * milliseconds from the server's injected clock (bigint), not the database's `now()`, so a test
 * clock and every instance agree on one notion of time.
 */
export const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE users (
  user_guid text PRIMARY KEY,
  username text NOT NULL,
  username_key text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  email text,
  two_factor text NOT NULL CHECK (two_factor IN ('none', 'totp', 'email')),
  totp_secret text,
  last_totp_step bigint,
  gs2_user_id text NOT NULL UNIQUE,
  created_at bigint NOT NULL
);
CREATE TABLE challenges (
  token_hash text PRIMARY KEY,
  user_guid text NOT NULL REFERENCES users ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('totp', 'email')),
  code_hash text,
  expires_at bigint NOT NULL,
  attempts_left integer NOT NULL,
  scope text NOT NULL,
  time_offset_token text
);
CREATE INDEX challenges_expires_at ON challenges (expires_at);
CREATE TABLE families (
  family_id text PRIMARY KEY,
  user_guid text NOT NULL REFERENCES users ON DELETE CASCADE,
  client_id text NOT NULL,
  scope text NOT NULL,
  created_at bigint NOT NULL,
  revoked_at bigint,
  revoked_reason text,
  time_offset integer
);
CREATE TABLE refresh_tokens (
  hash text PRIMARY KEY,
  family_id text NOT NULL REFERENCES families ON DELETE CASCADE,
  user_guid text NOT NULL,
  issued_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  rotated_at bigint,
  successor_hash text
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);
CREATE TABLE login_limits (
  key text PRIMARY KEY,
  window_start bigint NOT NULL,
  failures integer NOT NULL,
  pending integer NOT NULL,
  locked_until bigint NOT NULL
);
CREATE TABLE outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  id text PRIMARY KEY,
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  sent_at bigint NOT NULL
);
CREATE INDEX outbox_recipient ON outbox (lower(recipient), sent_at);
CREATE TABLE time_offset_tokens (
  hash text PRIMARY KEY,
  user_guid text NOT NULL REFERENCES users ON DELETE CASCADE,
  time_offset integer NOT NULL,
  expire bigint NOT NULL
);
CREATE TABLE meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
`,
  },
  {
    // A device (guest) player who registers keeps their GS2 user: gs2_user_id is then the
    // device account's id, proven at registration (gs2Gateway.verifyIdentity), and this records when.
    // NULL: the server made up a fresh id. gs2_user_id was UNIQUE from the start, which is what
    // lets one device account be claimed by one username only.
    version: 2,
    sql: `
ALTER TABLE users ADD COLUMN gs2_linked_at bigint
`,
  },
]

/** Any constant: instances starting together take turns migrating. */
const MIGRATION_LOCK = 0x67_73_32_65

/** Brings the schema up to date; safe when several instances start at once. */
export async function migrate(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)',
    )
    const rows = await tx.query<{ version: number }>(
      'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
    )
    const current = rows[0]?.version ?? 0
    const known = MIGRATIONS.at(-1)?.version ?? 0
    if (current > known) {
      throw new Error(
        `The database schema is at version ${current}, newer than this game server (${known}): upgrade the server`,
      )
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue
      for (const statement of migration.sql.split(';').map((s) => s.trim())) {
        if (statement !== '') await tx.query(statement)
      }
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        migration.version,
        Date.now(),
      ])
    }
    return known
  })
}
