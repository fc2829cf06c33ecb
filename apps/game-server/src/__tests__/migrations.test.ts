import { afterEach, expect, test } from 'vitest'
import { defaultRandom } from '../config.ts'
import type { Database } from '../store/database.ts'
import { MIGRATIONS, migrate } from '../store/migrations.ts'
import { SecretBox } from '../store/secretBox.ts'
import { PasswordHasher } from '../users/passwordHasher.ts'
import { UserStore } from '../users/userStore.ts'
import { ManualClock } from './fixtures/stack.ts'
import { createTestDatabase, type TestDatabase } from './fixtures/testDatabase.ts'

let database: TestDatabase | undefined
let db: Database | undefined
afterEach(async () => {
  await db?.close()
  await database?.drop()
})

test('a database left at schema version 1 (before guest linking) is brought to the latest version, its users kept', async () => {
  database = await createTestDatabase()
  db = await database.open()
  // What a game server of the previous release left behind.
  const first = MIGRATIONS[0]
  if (first === undefined) throw new Error('no migrations')
  await db.transaction(async (tx) => {
    await tx.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)',
    )
    for (const statement of first.sql.split(';').map((s) => s.trim())) {
      if (statement !== '') await tx.query(statement)
    }
    await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)')
    await tx.query(
      `INSERT INTO users (user_guid, username, username_key, password_hash, two_factor, gs2_user_id, created_at)
       VALUES ('guid-1', 'Old', 'old', 'scrypt$x', 'none', 'gs2-old', 1)`,
    )
  })

  const latest = MIGRATIONS.at(-1)?.version
  expect(latest).toBe(2)
  expect(await migrate(db)).toBe(latest)
  expect(await migrate(db)).toBe(latest) // once only
  const versions = await db.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  )
  expect(versions.map((v) => v.version)).toEqual([1, 2])

  const users = new UserStore(
    db,
    new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom),
    new ManualClock(),
    defaultRandom,
    'gs2ez',
    new SecretBox(undefined, defaultRandom),
  )
  expect(await users.get('guid-1')).toMatchObject({
    username: 'Old',
    gs2UserId: 'gs2-old',
    gs2LinkedAt: null,
  })
})
