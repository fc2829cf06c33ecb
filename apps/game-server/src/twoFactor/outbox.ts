import type { Clock, RandomBytes } from '../config.ts'
import type { Queryable } from '../store/database.ts'
import { randomUuid } from '../store/ids.ts'
import type { OutboxRecord } from '../store/records.ts'

/** Mail older than this is dropped when new mail is written. */
const RETENTION_MS = 24 * 3600_000

/**
 * Where mail would go: an `outbox` table, read through GET /dev/outbox (dev mode only). No mail
 * leaves this server; a real deployment swaps this for a mail provider.
 */
export class Outbox {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly random: RandomBytes,
  ) {}

  async send(message: { to: string; subject: string; text: string }): Promise<OutboxRecord> {
    const record: OutboxRecord = {
      id: randomUuid(this.random),
      ...message,
      sentAt: this.clock.now(),
    }
    await this.db.query('DELETE FROM outbox WHERE sent_at <= $1', [record.sentAt - RETENTION_MS])
    await this.db.query(
      'INSERT INTO outbox (id, recipient, subject, body, sent_at) VALUES ($1, $2, $3, $4, $5)',
      [record.id, record.to, record.subject, record.text, record.sentAt],
    )
    return record
  }

  /** Oldest first; addresses compare case-insensitively. */
  async list(to?: string): Promise<OutboxRecord[]> {
    const rows = await this.db.query<{
      id: string
      recipient: string
      subject: string
      body: string
      sent_at: number
    }>(
      `SELECT id, recipient, subject, body, sent_at FROM outbox
       WHERE $1::text IS NULL OR lower(recipient) = lower($1::text)
       ORDER BY sent_at, seq`,
      [to ?? null],
    )
    return rows.map((r) => ({
      id: r.id,
      to: r.recipient,
      subject: r.subject,
      text: r.body,
      sentAt: r.sent_at,
    }))
  }
}

/** `alice@example.com` -> `a***@example.com`: enough for the player to recognise it. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@')
  return `${email.slice(0, 1)}***${email.slice(at)}`
}
