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
  #next = 0
  #count = 0

  constructor(readonly capacity = 500) {
    this.#entries = new Array(capacity)
  }

  add(entry: RequestLogEntry): void {
    this.#entries[this.#next] = entry
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

  clear(): void {
    this.#entries.fill(undefined)
    this.#next = 0
    this.#count = 0
  }
}
