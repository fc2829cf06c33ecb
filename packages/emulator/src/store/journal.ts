import * as fs from 'node:fs'
import * as path from 'node:path'
import { EmulatorError } from '../server/emulatorError.ts'
import type { ChangeSink, EmulatorState } from './emulatorState.ts'
import type { Change } from './records.ts'
import { TABLE_NAMES } from './records.ts'

const JOURNAL = 'journal.jsonl'
const SNAPSHOT = 'snapshot.jsonl'

const isChange = (value: unknown): value is Change => {
  if (typeof value !== 'object' || value === null) return false
  const { t, k, v } = value as { t?: unknown; k?: unknown; v?: unknown }
  return (
    typeof k === 'string' &&
    (TABLE_NAMES as readonly unknown[]).includes(t) &&
    (v === undefined || (typeof v === 'object' && v !== null))
  )
}

/**
 * A record in the middle of a journal or snapshot that cannot be read. It stops start-up:
 * skipping it would silently lose what it held (and the records after it may depend on it),
 * and start-up compaction would then erase it for good.
 */
export class JournalCorruptError extends EmulatorError {
  readonly file: string
  readonly line: number

  constructor(file: string, line: number, why: string) {
    super(
      500,
      'journal',
      'emulator.journal.corrupt',
      `${file} line ${line} is corrupt (${why}). Start-up stopped and nothing on disk was ` +
        'changed, so no record is lost. To recover: repair or delete that line (each line is ' +
        'one JSON array of changes, applied in order), or move the data directory aside to ' +
        'start empty; then start again.',
    )
    this.name = 'JournalCorruptError'
    this.file = file
    this.line = line
  }
}

/**
 * The batches of a JSON-lines file, in order. Appends are whole lines (`JSON + "\n"`, one write,
 * then fsync), so only an unterminated last line can be a crash mid-write: it is torn, never
 * acknowledged, and skipped with a warning. Any other unreadable line is corruption.
 */
const readBatches = (file: string, warn: (message: string) => void): Change[][] => {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const lines = text.split('\n')
  const tail = lines.pop() ?? ''
  const out: Change[][] = []
  const parse = (line: string): Change[] | string => {
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      return 'not valid JSON'
    }
    const changes = Array.isArray(entry) ? entry : [entry]
    return changes.every(isChange) ? changes : 'not a journal record'
  }
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue
    const parsed = parse(line)
    if (typeof parsed === 'string') throw new JournalCorruptError(file, i + 1, parsed)
    out.push(parsed)
  }
  if (tail.trim() !== '') {
    const parsed = parse(tail)
    // Written whole but for its newline: the change is complete, so it is kept.
    if (typeof parsed !== 'string') out.push(parsed)
    else
      warn(
        `${file} line ${lines.length + 1}: ignored a torn last record (a crash mid-write; ` +
          'its request was never answered)',
      )
  }
  return out
}

const fsyncDir = (dir: string): void => {
  try {
    const fd = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

/**
 * Append-only journal: one JSON line per committed batch, written and fsynced synchronously
 * before the request that caused it is answered, so a `kill -9` right after a 200 loses
 * nothing. Startup replays snapshot + journal, then compacts (new snapshot, empty journal).
 */
export class Journal implements ChangeSink {
  readonly #dir: string
  readonly #warn: (message: string) => void
  #fd: number | undefined
  #bytes = 0

  constructor(dir: string, warn: (message: string) => void = (m) => console.error(m)) {
    this.#dir = dir
    this.#warn = warn
  }

  /**
   * Loads the state from disk into `state`, purges what expired, and compacts. Both files are
   * read in full before anything is applied or written: a corrupt record throws
   * JournalCorruptError with the files untouched.
   */
  open(state: EmulatorState, now: number, migrate?: (state: EmulatorState) => void): void {
    fs.mkdirSync(this.#dir, { recursive: true })
    const batches = [SNAPSHOT, JOURNAL].flatMap((file) =>
      readBatches(path.join(this.#dir, file), this.#warn),
    )
    state.clear()
    for (const changes of batches) for (const change of changes) state.apply(change)
    migrate?.(state)
    state.purgeExpired(now)
    this.compact(state)
  }

  /** Writes a snapshot of `state` atomically and truncates the journal. */
  compact(state: EmulatorState): void {
    this.close()
    const tmp = path.join(this.#dir, `${SNAPSHOT}.tmp`)
    const fd = fs.openSync(tmp, 'w')
    try {
      let chunk = ''
      for (const change of state.snapshot()) {
        chunk += `${JSON.stringify(change)}\n`
        if (chunk.length > 1 << 20) {
          fs.writeSync(fd, chunk)
          chunk = ''
        }
      }
      fs.writeSync(fd, chunk)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, path.join(this.#dir, SNAPSHOT))
    fsyncDir(this.#dir)
    // A crash between the rename and this truncation replays the old journal over the new
    // snapshot; every change is an idempotent put or delete, so that is harmless.
    this.#fd = fs.openSync(path.join(this.#dir, JOURNAL), 'w')
    fs.fsyncSync(this.#fd)
    this.#bytes = 0
  }

  append(changes: readonly Change[]): void {
    if (this.#fd === undefined) throw new Error('journal is closed')
    const line = `${JSON.stringify(changes)}\n`
    fs.writeSync(this.#fd, line)
    fs.fsyncSync(this.#fd)
    this.#bytes += line.length
  }

  get bytes(): number {
    return this.#bytes
  }

  close(): void {
    if (this.#fd !== undefined) {
      fs.closeSync(this.#fd)
      this.#fd = undefined
    }
  }
}
