import { scrypt } from 'node:crypto'
import { constantTimeEqual } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { hashPassword } from './passwordHash.ts'

// scrypt cost (config `takeOverPasswordCost`, default N = 2^14): 16 MiB and ~50 ms a hash.
// Lower than OWASP's 2^17 for a login server, since this is a development emulator that tests
// call many times, but enough that a guessed password costs real work. The parameters are
// stored with each hash, so they can change.
const R = 8
const P = 1
const KEY_BYTES = 32
const SALT_BYTES = 16

const derive = (secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })

/**
 * A takeover password, unlike an account password, is chosen by a person (a transfer code, a
 * passphrase), so a fast hash would let a copy of the data directory be searched for it:
 * the stored value is a salted scrypt of the peppered HMAC account passwords use. Runs in
 * libuv's thread pool, so the event loop keeps serving other requests meanwhile.
 */
export const hashTakeOverPassword = async (
  ctx: EmulatorContext,
  password: string,
): Promise<string> => {
  const salt = Buffer.from(ctx.random(SALT_BYTES))
  const N = 2 ** ctx.config.takeOverPasswordCost
  const key = await derive(hashPassword(ctx, password), salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

export const checkTakeOverPassword = async (
  ctx: EmulatorContext,
  password: string,
  stored: string,
): Promise<boolean> => {
  // Records come from disk: a damaged one must read as a wrong password, not crash.
  if (typeof stored !== 'string') return false
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false
  const params = [Number(n), Number(r), Number(p)] as const
  // Only what this file writes: a damaged record must not make scrypt allocate without bound.
  if (!params.every((x) => Number.isInteger(x) && x > 0)) return false
  if (params[0] > 1 << 20 || params[1] > 32 || params[2] > 16) return false
  const expected = Buffer.from(hash, 'base64')
  const key = await derive(
    hashPassword(ctx, password),
    Buffer.from(salt, 'base64'),
    params[0],
    params[1],
    params[2],
  )
  return constantTimeEqual(key, expected)
}
