import pg from 'pg'
import { type Database, parseInt8 } from './database.ts'

export interface PostgresDatabaseOptions {
  /** Connections in this instance's pool. Default 10. */
  readonly maxConnections?: number
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/**
 * A real PostgreSQL server through node-postgres (pure JS; the optional native binding is never
 * loaded): several game-server instances on one database share one truth.
 */
export function openPostgresDatabase(url: string, options: PostgresDatabaseOptions = {}): Database {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new TypeError('databaseUrl: must start with postgres:// or postgresql://')
  }
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types })
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  return {
    kind: 'postgres',
    query: async <R>(sql: string, params: readonly unknown[] = []) =>
      (await pool.query(sql, [...params])).rows as R[],
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work({
          query: async <R>(sql: string, params: readonly unknown[] = []) =>
            (await client.query(sql, [...params])).rows as R[],
        })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
