import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type Database, parseInt8 } from './database.ts'

/** Where PGlite keeps its cluster inside the game server's data directory. */
export const PGLITE_DIR = 'pglite'

/**
 * The embedded store: PostgreSQL compiled to WASM, one process, nothing to install. With a data
 * directory the cluster lives in `<dataDir>/pglite`; without one it is in memory. PGlite runs one
 * statement at a time, and `transaction` holds it exclusively, so one instance is serialised by
 * construction; several instances need a real PostgreSQL (`openPostgresDatabase`).
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  let path: string | undefined
  if (dataDir !== undefined) {
    path = join(dataDir, PGLITE_DIR)
    mkdirSync(path, { recursive: true })
  }
  const pglite = new PGlite(path, { parsers: PGLITE_PARSERS })
  await pglite.waitReady
  return pgliteAsDatabase(pglite)
}

/** int8 as a number, like the PostgreSQL store. */
export const PGLITE_PARSERS = { 20: parseInt8 }

/** A started PGlite as the shared `Database` interface. */
export function pgliteAsDatabase(pglite: PGlite): Database {
  return {
    kind: 'pglite',
    query: async <R>(sql: string, params: readonly unknown[] = []) =>
      (await pglite.query<R>(sql, [...params])).rows,
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          query: async <R>(sql: string, params: readonly unknown[] = []) =>
            (await tx.query<R>(sql, [...params])).rows,
        }),
      ),
    close: () => pglite.close(),
  }
}
