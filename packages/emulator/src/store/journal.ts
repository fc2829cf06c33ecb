import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ChangeSink, EmulatorState } from './emulatorState.ts'
import type { Change } from './records.ts'
import { TABLE_NAMES } from './records.ts'

const JOURNAL = 'journal.jsonl'
const SNAPSHOT = 'snapshot.jsonl'

const isChange = (value: unknown): value is Change => {
  if (typeof value !== 'object' || value === null) return false
  const { t, k } = value as { t?: unknown; k?: unknown }
  return typeof k === 'string' && (TABLE_NAMES as readonly unknown[]).includes(t)
}

/** Reads a JSON-lines file; a torn last line (a crash mid-write) is skipped, not fatal. */
const readLines = (file: string): unknown[] => {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const out: unknown[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      out.push(JSON.parse(line))
    } catch {
      // Only the last line can be torn: appends are whole lines followed by fsync.
    }
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
  #fd: number | undefined
  #bytes = 0

  constructor(dir: string) {
    this.#dir = dir
  }

  /** Loads the state from disk into `state`, purges what expired, and compacts. */
  open(state: EmulatorState, now: number): void {
    fs.mkdirSync(this.#dir, { recursive: true })
    state.clear()
    for (const file of [SNAPSHOT, JOURNAL]) {
      for (const entry of readLines(path.join(this.#dir, file))) {
        const changes = Array.isArray(entry) ? entry : [entry]
        for (const change of changes) if (isChange(change)) state.apply(change)
      }
    }
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
