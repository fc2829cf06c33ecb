/** One SQL statement with `$1`-style parameters; rows come back as plain objects. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>
}

/**
 * The thin layer both stores share: PGlite (embedded, WASM) and PostgreSQL (node-postgres) speak
 * the same SQL, so every statement is written once. `bigint` columns come back as numbers (epoch
 * milliseconds and counters stay far below 2^53).
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `work` in one transaction (BEGIN … COMMIT), rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** `23505`: a UNIQUE constraint refused the row (same code on both stores). */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'

/** Epoch ms and counters: the int8 parser both stores use. */
export const parseInt8 = (value: string): number => Number(value)
