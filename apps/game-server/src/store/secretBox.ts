import { createCipheriv, createDecipheriv } from 'node:crypto'
import type { RandomBytes } from '../config.ts'

const PREFIX = 'aes256gcm:'

/**
 * Seals secrets that must stay readable (TOTP seeds) with AES-256-GCM under a key kept outside
 * the journal, so a copy of the data directory alone does not let anyone mint second factors.
 * Without a key it stores them as they are (dev): `open` reads both forms, so a key can be
 * introduced later.
 */
export class SecretBox {
  readonly #key: Buffer | undefined

  constructor(
    key: Uint8Array | undefined,
    private readonly random: RandomBytes,
  ) {
    if (key !== undefined && key.length !== 32) {
      throw new TypeError('encryptionKey: must be 32 bytes (base64 of 32 random bytes)')
    }
    this.#key = key === undefined ? undefined : Buffer.from(key)
  }

  seal(plain: string): string {
    if (!this.#key) return plain
    const iv = Buffer.from(this.random(12))
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${PREFIX}${iv.toString('base64url')}.${body.toString('base64url')}`
  }

  /** Throws when a sealed value cannot be opened (no key, or another key): fail loudly. */
  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored
    if (!this.#key) throw new Error('A sealed secret needs the encryptionKey it was sealed with')
    const [iv, body] = stored.slice(PREFIX.length).split('.')
    const data = Buffer.from(body ?? '', 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv ?? '', 'base64url'))
    decipher.setAuthTag(data.subarray(data.length - 16))
    return Buffer.concat([
      decipher.update(data.subarray(0, data.length - 16)),
      decipher.final(),
    ]).toString('utf8')
  }
}
