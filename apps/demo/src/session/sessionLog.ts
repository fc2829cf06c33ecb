import { ObservableValue } from './observableValue.ts'

/** What a line in the HUD's event log is about; the HUD colours lines by kind. */
export type LogKind =
  | 'signedIn'
  | 'restored'
  | 'reauthenticated'
  | 'refreshed'
  | 'degraded'
  | 'recovered'
  | 'signedOut'
  | 'revoked'
  | 'error'
  | 'info'

export interface LogEntry {
  readonly id: number
  readonly at: number
  readonly kind: LogKind
  readonly message: string
}

/** A bounded, newest-last list of session events for the HUD. */
export class SessionLog {
  readonly entries = new ObservableValue<readonly LogEntry[]>([])
  #nextId = 1

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly limit = 50,
  ) {}

  add(kind: LogKind, message: string): void {
    const entry: LogEntry = { id: this.#nextId++, at: this.now(), kind, message }
    this.entries.update((current) => [...current, entry].slice(-this.limit))
  }
}
