import { scrypt, timingSafeEqual } from 'node:crypto'
import type { RandomBytes, ScryptCost } from '../config.ts'
import { WorkGate } from './workGate.ts'

const KEY_LENGTH = 32
const SALT_BYTES = 16

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128 * N * r bytes; node's default cap (32 MiB) is exactly 2^15 * 8 * 128.
    const maxmem = 256 * cost.N * cost.r
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...cost, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

/**
 * scrypt from node:crypto with a per-user random salt. The cost is stored in each hash, so it can
 * be raised later without breaking existing users.
 */
export class PasswordHasher {
  readonly #cost: ScryptCost
  readonly #random: RandomBytes
  readonly #gate: WorkGate
  #dummy: Promise<string> | undefined

  constructor(
    cost: ScryptCost,
    random: RandomBytes,
    gate: WorkGate = new WorkGate(Number.MAX_SAFE_INTEGER, 0),
  ) {
    this.#cost = cost
    this.#random = random
    this.#gate = gate
  }

  async hash(password: string): Promise<string> {
    const salt = Buffer.from(this.#random(SALT_BYTES))
    const key = await this.#gate.run(() => derive(password, salt, this.#cost))
    const { N, r, p } = this.#cost
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$')
    if (scheme !== 'scrypt' || !salt || !key) return false
    const expected = Buffer.from(key, 'base64url')
    const cost = { N: Number(n), r: Number(r), p: Number(p) }
    if (![cost.N, cost.r, cost.p].every((v) => Number.isSafeInteger(v) && v > 0)) return false
    const actual = await this.#gate.run(() =>
      derive(password, Buffer.from(salt, 'base64url'), cost),
    )
    return actual.length === expected.length && timingSafeEqual(actual, expected)
  }

  /**
   * Spends the same time as a real check for an unknown username, so response time does not tell
   * which usernames exist.
   */
  async verifyNobody(password: string): Promise<false> {
    this.#dummy ??= this.hash('gs2ez-dummy-password')
    await this.verify(password, await this.#dummy)
    return false
  }
}
