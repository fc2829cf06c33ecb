import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One change to one table of the old journal: `v` undefined deleted the key. */
export interface JournalChange {
  readonly t: string
  readonly k: string
  readonly v?: unknown
}

/** The file the journal-based game server (before PostgreSQL) kept in its data directory. */
export const JOURNAL_FILE = 'game-server.journal.jsonl'

/**
 * Reads an old append-only JSON-lines journal, one batch per line, without touching it. A torn
 * last line (a crash mid-write) was never acknowledged and is skipped; garbage anywhere else
 * means the file was damaged, and the import refuses it rather than guess. Undefined when the
 * directory has no journal.
 */
export function readJournal(dataDir: string): JournalChange[][] | undefined {
  const path = join(dataDir, JOURNAL_FILE)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const batches: JournalChange[][] = []
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    try {
      const parsed: unknown = JSON.parse(line)
      if (!Array.isArray(parsed)) throw new SyntaxError('a batch must be an array')
      batches.push(parsed as JournalChange[])
    } catch (error) {
      if (index === lines.length - 1) break
      throw new Error(`Corrupt journal line ${index + 1} in ${path}`, { cause: error })
    }
  }
  return batches
}
