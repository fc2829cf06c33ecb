import { TAKE_OVER_LIMITS } from '@gs2ez/account'
import { ValidationError } from '@gs2ez/core'
import type { SecureRandom } from './secureRandom.ts'

/**
 * A code the player writes down or copies to move their account to another device or browser:
 * a GS2-Account takeover setting. Both parts must be typed on the new device.
 */
export interface TransferCode {
  /** GS2 takeover type slot (default 0). */
  readonly type: number
  /** e.g. `K7QX-M2PF-W9HT`: 12 characters of the transfer-code alphabet, in groups of 4. */
  readonly userIdentifier: string
  /** e.g. `4RJD-8NVC-TQ2K-HW7P`: 16 characters of the same alphabet, in groups of 4. */
  readonly password: string
}

/**
 * Digits and capitals without the ones players confuse when they copy by hand: no 0/O, 1/I/L.
 * 31 symbols, log2(31) ≈ 4.95 bits each.
 */
export const TRANSFER_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** Characters of the identifier and of the password (each grouped by 4 when shown). */
export const TRANSFER_CODE_LENGTHS = { userIdentifier: 12, password: 16 } as const

const GROUP = 4
// Lengths a player may type: what any transfer code of ours could have, and no more.
const MIN_CHARS = 8
const MAX_CHARS = 64
// What the player may type around the code: spaces, dashes of any kind, dots, underscores.
const SEPARATORS = /[\s\-_.\u2010-\u2015\u2212\u30fc\uff0d]/g

/** Bits of entropy of a generated code's identifier and password. */
export const TRANSFER_CODE_ENTROPY_BITS = {
  userIdentifier: TRANSFER_CODE_LENGTHS.userIdentifier * Math.log2(TRANSFER_CODE_ALPHABET.length),
  password: TRANSFER_CODE_LENGTHS.password * Math.log2(TRANSFER_CODE_ALPHABET.length),
} as const

const group = (chars: string): string =>
  chars.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? chars

/** `count` symbols of the alphabet, uniformly (rejection sampling: no modulo bias). */
const randomSymbols = (random: SecureRandom, count: number): string => {
  const n = TRANSFER_CODE_ALPHABET.length
  const limit = 256 - (256 % n)
  let out = ''
  while (out.length < count) {
    const bytes = random(new Uint8Array(count * 2))
    for (const byte of bytes) {
      if (byte < limit && out.length < count) out += TRANSFER_CODE_ALPHABET[byte % n]
    }
  }
  return out
}

/** A fresh code: identifier and password from `random` (crypto-strong by default). */
export const generateTransferCode = (random: SecureRandom, type: number): TransferCode => ({
  type,
  userIdentifier: group(randomSymbols(random, TRANSFER_CODE_LENGTHS.userIdentifier)),
  password: group(randomSymbols(random, TRANSFER_CODE_LENGTHS.password)),
})

/**
 * What the player typed, as registered: separators dropped, capitals, grouped by 4. Throws a
 * ValidationError naming `field` for anything no transfer code could be.
 */
export const normalizeTransferCodePart = (value: unknown, field: string): string => {
  if (typeof value !== 'string') {
    throw new ValidationError(`${field} must be a string`, { field })
  }
  // Bounded before any work on it: a pasted novel is refused, not scanned.
  if (value.length > TAKE_OVER_LIMITS.userIdentifier) {
    throw new ValidationError(`${field} is too long to be a transfer code`, {
      field,
      limit: MAX_CHARS,
      reason: 'too_big',
    })
  }
  const chars = value.replace(SEPARATORS, '').toUpperCase()
  if (chars.length === 0) {
    throw new ValidationError(`${field} must not be empty`, { field, reason: 'too_small' })
  }
  const bad = [...chars].find((c) => !TRANSFER_CODE_ALPHABET.includes(c))
  if (bad !== undefined) {
    throw new ValidationError(
      `${field} contains "${bad}", which is not in a transfer code (${TRANSFER_CODE_ALPHABET})`,
      { field, reason: 'invalid_characters' },
    )
  }
  if (chars.length < MIN_CHARS || chars.length > MAX_CHARS) {
    throw new ValidationError(
      `${field} must have ${MIN_CHARS} to ${MAX_CHARS} characters (got ${chars.length})`,
      {
        field,
        limit: chars.length < MIN_CHARS ? MIN_CHARS : MAX_CHARS,
        reason: chars.length < MIN_CHARS ? 'too_small' : 'too_big',
      },
    )
  }
  return group(chars)
}

/** A takeover `type` slot: a whole number in GS2's range. */
export const checkTakeOverType = (value: unknown, field = 'type'): number => {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < TAKE_OVER_LIMITS.typeMin ||
    value > TAKE_OVER_LIMITS.typeMax
  ) {
    throw new ValidationError(
      `${field} must be a whole number from ${TAKE_OVER_LIMITS.typeMin} to ${TAKE_OVER_LIMITS.typeMax}`,
      { field, limit: TAKE_OVER_LIMITS.typeMax },
    )
  }
  return value
}
