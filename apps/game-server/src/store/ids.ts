import { createHash } from 'node:crypto'
import type { RandomBytes } from '../config.ts'

export const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

/** An opaque secret: 32 random bytes, base64url (43 chars). */
export const randomToken = (random: RandomBytes): string => base64url(random(32))

/** RFC 4122 v4 UUID from the injected random source. */
export function randomUuid(random: RandomBytes): string {
  const b = random(16)
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const hex = Buffer.from(b).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A numeric code of `digits` digits without modulo bias. */
export function randomDigits(random: RandomBytes, digits: number): string {
  let out = ''
  while (out.length < digits) {
    for (const byte of random(digits)) {
      if (byte < 250 && out.length < digits) out += String(byte % 10)
    }
  }
  return out
}

/** How secrets are stored: sha256, base64url. Tokens carry 256 bits, so no salt is needed. */
export const sha256 = (value: string): string =>
  createHash('sha256').update(value).digest('base64url')
