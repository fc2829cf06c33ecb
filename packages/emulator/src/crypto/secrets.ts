import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto'

/** Source of randomness, injectable so tests can make ids deterministic. */
export type RandomBytes = (bytes: number) => Uint8Array

/**
 * crypto.randomBytes with a 4 KiB pool: one syscall-backed fill serves ~100 tokens, instead of
 * one per token, which shows on the hot login paths. Pooled output is as random as unpooled
 * (uuid and nanoid do the same); slices are copied so callers never share bytes.
 */
export const pooledRandomBytes = (poolSize = 4096): RandomBytes => {
  const pool = Buffer.alloc(poolSize)
  let offset = poolSize
  return (n) => {
    if (n > poolSize) return randomFillSync(Buffer.alloc(n))
    if (offset + n > poolSize) {
      randomFillSync(pool)
      offset = 0
    }
    const out = Buffer.from(pool.subarray(offset, offset + n))
    pool.fill(0, offset, offset + n)
    offset += n
    return out
  }
}

const decodedKeys = new Map<string, Buffer>()

/**
 * Raw key bytes, decoded once. (A KeyObject was measured slower than raw bytes for HMAC on
 * Node 20, so the cache holds Buffers.)
 */
export const hmacKey = (base64Secret: string): Buffer => {
  let key = decodedKeys.get(base64Secret)
  if (!key) {
    key = Buffer.from(base64Secret, 'base64')
    if (decodedKeys.size > 10_000) decodedKeys.clear()
    decodedKeys.set(base64Secret, key)
  }
  return key
}

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex')

export const hmacSha256 = (key: Uint8Array | string, value: string): Buffer =>
  createHmac('sha256', key).update(value).digest()

/**
 * The digest straight in an encoding: on Node 20 `digest('hex')` is cheaper than `digest()`
 * (no Buffer to allocate) and far cheaper than `digest().toString(...)`.
 */
export const hmacSha256Text = (
  key: Uint8Array | string,
  value: string,
  encoding: 'hex' | 'base64',
): string => createHmac('sha256', key).update(value).digest(encoding)

// A view, not a copy: the bytes are only read.
export const toBase64Url = (bytes: Uint8Array): string =>
  (Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  ).toString('base64url')

/** An opaque bearer token: 32 random bytes, base64url (43 characters). */
export const randomToken = (random: RandomBytes): string => toBase64Url(random(32))

/** A short, non-secret handle for admin use. */
export const randomId = (random: RandomBytes): string => toBase64Url(random(12))

export const randomUuid = (random: RandomBytes): string => {
  const b = Buffer.from(random(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Maps bytes onto the 62-letter alphabet by rejection, so every letter is equally likely. */
export const bytesToPassword = (length: number, next: () => number): string => {
  let out = ''
  while (out.length < length) {
    const byte = next()
    if (byte < 248) out += ALPHABET[byte % 62]
  }
  return out
}

export const randomPassword = (random: RandomBytes, length = 32): string => {
  let pool = random(64)
  let i = 0
  return bytesToPassword(length, () => {
    if (i >= pool.length) {
      pool = random(64)
      i = 0
    }
    return pool[i++] ?? 0
  })
}

/**
 * Compares two ASCII strings (digests in hex or base64) in time that depends on their length
 * alone: no early exit, so the position of the first difference does not show.
 */
export const constantTimeEqualText = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** Compares two strings in constant time for equal lengths (lengths are not secret here). */
export const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && timingSafeEqual(a, b)

/** AES-256-GCM of `plaintext` under a 32-byte key: base64url of iv (12) | ciphertext | tag (16). */
export const seal = (key: Uint8Array, plaintext: string, random: RandomBytes): string => {
  const iv = random(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')
}

/** The plaintext `seal` sealed under `key`; undefined for another key or altered bytes. */
export const openSealed = (key: Uint8Array, sealed: string): string | undefined => {
  const bytes = Buffer.from(sealed, 'base64url')
  if (bytes.length < 28) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
    decipher.setAuthTag(bytes.subarray(bytes.length - 16))
    return Buffer.concat([
      decipher.update(bytes.subarray(12, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    return undefined
  }
}
