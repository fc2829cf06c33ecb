import { ValidationError } from '@gs2ez/core'
import { expect, test } from 'vitest'
import { systemSecureRandom } from '../secureRandom.ts'
import {
  generateTransferCode,
  normalizeTransferCodePart,
  TRANSFER_CODE_ALPHABET,
  TRANSFER_CODE_ENTROPY_BITS,
} from '../transferCode.ts'

test('the alphabet has no look-alikes and the README states the entropy', () => {
  for (const c of '01OIL') expect(TRANSFER_CODE_ALPHABET).not.toContain(c)
  expect(new Set(TRANSFER_CODE_ALPHABET).size).toBe(31)
  const round = (bits: number) => Math.round(bits * 10) / 10
  // The README's figures.
  expect(round(TRANSFER_CODE_ENTROPY_BITS.userIdentifier)).toBe(59.5)
  expect(round(TRANSFER_CODE_ENTROPY_BITS.password)).toBe(79.3)
})

test('codes are grouped by 4 and drawn without modulo bias', () => {
  const counts = new Map<string, number>()
  for (let i = 0; i < 2000; i++) {
    const code = generateTransferCode(systemSecureRandom, 0)
    expect(code.userIdentifier).toMatch(/^(\w{4}-){2}\w{4}$/)
    expect(code.password).toMatch(/^(\w{4}-){3}\w{4}$/)
    for (const c of (code.userIdentifier + code.password).replaceAll('-', '')) {
      counts.set(c, (counts.get(c) ?? 0) + 1)
    }
  }
  // 56,000 symbols over 31: each ~1806; a biased draw (byte % 31) would favour 8 of them by 1/8.
  expect(counts.size).toBe(31)
  for (const n of counts.values()) expect(Math.abs(n - 56_000 / 31)).toBeLessThan(200)
})

test('bytes at or above the largest multiple of 31 are thrown away, not folded', () => {
  let call = 0
  const random = (bytes: Uint8Array) => {
    call += 1
    // First call: only rejected bytes (248..255); then the symbol at index 1.
    bytes.fill(call === 1 ? 250 : 1)
    return bytes
  }
  const code = generateTransferCode(random, 3)
  expect(code.type).toBe(3)
  expect(code.userIdentifier).toBe('3333-3333-3333')
})

test('what the player types is normalised: case, spaces, dashes of any kind', () => {
  expect(normalizeTransferCodePart(' k7qx m2pf\tw9ht ', 'userIdentifier')).toBe('K7QX-M2PF-W9HT')
  expect(normalizeTransferCodePart('K7QX—M2PF－W9HT', 'userIdentifier')).toBe('K7QX-M2PF-W9HT')
  expect(normalizeTransferCodePart('k7qxm2pfw9ht', 'userIdentifier')).toBe('K7QX-M2PF-W9HT')
})

test.each([
  ['empty', '', 'too_small'],
  ['too short', 'K7Q', 'too_small'],
  ['a zero', 'K7QX-M2PF-W9H0', 'invalid_characters'],
  ['an I', 'K7QX-M2PF-W9HI', 'invalid_characters'],
  ['slashes', 'K7QX/M2PF/W9HT', 'invalid_characters'],
  ['65 characters', 'A'.repeat(65), 'too_big'],
  ['5000 characters', 'A'.repeat(5000), 'too_big'],
])('refuses %s, naming the field', (_what, typed, reason) => {
  const attempt = () => normalizeTransferCodePart(typed, 'password')
  expect(attempt).toThrow(ValidationError)
  try {
    attempt()
  } catch (error) {
    expect(error).toMatchObject({ field: 'password', code: `gs2ez.validation.${reason}` })
  }
})
