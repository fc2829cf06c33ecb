import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** One change to one table: `v` undefined deletes the key. */
export interface JournalChange {
  readonly t: string
  readonly k: string
  readonly v?: unknown
}

export interface Journal {
  /** Makes a batch durable (write + fsync) before the caller answers; throws if the disk does. */
  append(changes: readonly JournalChange[]): void
  close(): void
}

export interface OpenedJournal {
  readonly journal: Journal
  /** Every batch found on disk, oldest first. */
  readonly batches: readonly (readonly JournalChange[])[]
}

export const JOURNAL_FILE = 'game-server.journal.jsonl'

/**
 * An append-only JSON-lines journal, one line per batch. A batch is applied all or nothing: a torn
 * last line (crash mid-write) fails to parse and is dropped on replay, which is safe because its
 * request was never answered.
 */
export function openJournal(dataDir: string): OpenedJournal {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, JOURNAL_FILE)
  const batches: JournalChange[][] = []
  let text = ''
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    try {
      const parsed: unknown = JSON.parse(line)
      if (Array.isArray(parsed)) batches.push(parsed as JournalChange[])
    } catch (error) {
      // Only the last line may be torn; garbage in the middle means the file was tampered with.
      if (index < lines.length - 2)
        throw new Error(`Corrupt journal line ${index + 1} in ${path}`, { cause: error })
    }
  }
  // A torn tail would glue itself to the next append; start the next batch on a fresh line.
  const fd = openSync(path, 'a')
  if (text.length > 0 && !text.endsWith('\n')) writeSync(fd, '\n')
  let closed = false
  const journal: Journal = {
    append(changes) {
      if (closed) throw new Error('The journal is closed')
      if (changes.length === 0) return
      writeSync(fd, `${JSON.stringify(changes)}\n`)
      fsyncSync(fd)
    },
    close() {
      if (closed) return
      closed = true
      closeSync(fd)
    },
  }
  return { journal, batches }
}
