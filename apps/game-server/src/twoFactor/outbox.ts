import type { Clock, RandomBytes } from '../config.ts'
import { randomUuid } from '../store/ids.ts'
import type { OutboxRecord } from '../store/records.ts'
import type { ServerState } from '../store/serverState.ts'

/**
 * Where mail would go: a journaled outbox, read through GET /dev/outbox. No mail leaves this
 * server; a real deployment swaps this for a mail provider.
 */
export class Outbox {
  constructor(
    private readonly state: ServerState,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
  ) {}

  send(message: { to: string; subject: string; text: string }): OutboxRecord {
    const record: OutboxRecord = {
      id: randomUuid(this.random),
      ...message,
      sentAt: this.clock.now(),
    }
    this.state.commit([{ t: 'outbox', k: record.id, v: record }])
    return record
  }

  /** Oldest first; addresses compare case-insensitively. */
  list(to?: string): OutboxRecord[] {
    const wanted = to?.toLowerCase()
    return [...this.state.values('outbox')]
      .filter((message) => wanted === undefined || message.to.toLowerCase() === wanted)
      .sort((a, b) => a.sentAt - b.sentAt)
  }
}

/** `alice@example.com` -> `a***@example.com`: enough for the player to recognise it. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@')
  return `${email.slice(0, 1)}***${email.slice(at)}`
}
