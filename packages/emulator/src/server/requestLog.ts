export interface RequestLogEntry {
  readonly at: number
  readonly method: string
  readonly path: string
  readonly status: number
  readonly durationMs: number
  readonly clientId: string | null
}

/** The last N requests, for `GET /__emulator/requests`; a ring so memory stays bounded. */
export class RequestLog {
  readonly #entries: (RequestLogEntry | undefined)[]
  /** Sequence number of each slot's entry: what a page's cursor names. */
  readonly #seqs: number[]
  #next = 0
  #count = 0
  #seq = 0

  constructor(readonly capacity = 500) {
    this.#entries = new Array(capacity)
    this.#seqs = new Array(capacity).fill(0)
  }

  add(entry: RequestLogEntry): void {
    this.#entries[this.#next] = entry
    this.#seqs[this.#next] = ++this.#seq
    this.#next = (this.#next + 1) % this.capacity
    if (this.#count < this.capacity) this.#count++
  }

  /** Oldest first. */
  list(): RequestLogEntry[] {
    const out: RequestLogEntry[] = []
    const start = (this.#next - this.#count + this.capacity) % this.capacity
    for (let i = 0; i < this.#count; i++) {
      const entry = this.#entries[(start + i) % this.capacity]
      if (entry) out.push(entry)
    }
    return out
  }

  /**
   * Up to `limit` entries logged after sequence number `after` (0: from the oldest kept), oldest
   * first, and the sequence number to continue after (null when nothing more is kept).
   */
  page(after: number, limit: number): { items: RequestLogEntry[]; next: number | null } {
    const items: RequestLogEntry[] = []
    const start = (this.#next - this.#count + this.capacity) % this.capacity
    let last = after
    let more = false
    for (let i = 0; i < this.#count; i++) {
      const slot = (start + i) % this.capacity
      const entry = this.#entries[slot]
      const seq = this.#seqs[slot] ?? 0
      if (!entry || seq <= after) continue
      if (items.length === limit) {
        more = true
        break
      }
      items.push(entry)
      last = seq
    }
    return { items, next: more ? last : null }
  }

  clear(): void {
    this.#entries.fill(undefined)
    this.#next = 0
    this.#count = 0
  }
}
