import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeSync,
} from 'node:fs'
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
  let validBytes = 0
  let torn = false
  for (const [index, line] of lines.entries()) {
    const isLast = index === lines.length - 1
    try {
      if (line.trim() !== '') {
        const parsed: unknown = JSON.parse(line)
        if (!Array.isArray(parsed)) throw new SyntaxError('a batch must be an array')
        batches.push(parsed as JournalChange[])
      }
    } catch (error) {
      // Only the last line may be torn; garbage in the middle means the file was tampered with.
      if (!isLast) throw new Error(`Corrupt journal line ${index + 1} in ${path}`, { cause: error })
      torn = true
    }
    if (!isLast) validBytes += Buffer.byteLength(line) + 1
  }
  // A torn tail was never acknowledged: cut it off, so the next batch starts on a clean line.
  if (torn) truncateSync(path, validBytes)
  const fd = openSync(path, 'a')
  if (!torn && text.length > 0 && !text.endsWith('\n')) writeSync(fd, '\n')
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

/**
 * Rewrites the journal as the given live records (a snapshot), atomically: written to a temp
 * file, fsynced, renamed over the journal, and the directory fsynced, so a crash at any point
 * leaves either the old journal or the new one, never half of each.
 */
export function compactJournal(dataDir: string, records: Iterable<JournalChange>): void {
  const path = join(dataDir, JOURNAL_FILE)
  const temp = `${path}.compact`
  const fd = openSync(temp, 'w')
  try {
    let batch: JournalChange[] = []
    const flush = () => {
      if (batch.length > 0) writeSync(fd, `${JSON.stringify(batch)}\n`)
      batch = []
    }
    for (const record of records) {
      batch.push(record)
      if (batch.length >= 500) flush()
    }
    flush()
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
  const dir = openSync(dataDir, 'r')
  try {
    fsyncSync(dir)
  } finally {
    closeSync(dir)
  }
}
