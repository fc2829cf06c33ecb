import {
  bytesToPassword,
  constantTimeEqual,
  constantTimeEqualText,
  hmacKey,
  hmacSha256,
  hmacSha256Text,
} from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'

const pepperOf = (ctx: EmulatorContext) => hmacKey(ctx.state.get('meta', 'meta')?.pepper ?? '')

/**
 * Passwords are stored as HMAC-SHA256(pepper, password), not with a slow KDF: every password
 * is 32 random characters from 62 letters (~190 bits) chosen by the server, never by a human,
 * so there is no dictionary to slow down and a fast keyed hash is as strong as bcrypt/scrypt
 * here, while keeping `authentication` cheap under load. The pepper is per emulator, so hashes
 * leaked from one data dir say nothing about another.
 */
export const hashPassword = (ctx: EmulatorContext, password: string): string =>
  hmacSha256Text(pepperOf(ctx), password, 'hex')

/**
 * Stored hashes are the lowercase hex `hashPassword` writes, so a right password matches as
 * text, without decoding; anything else takes the byte comparison, which decides as before.
 */
export const checkPassword = (ctx: EmulatorContext, password: string, hash: string): boolean => {
  const digest = hashPassword(ctx, password)
  return (
    constantTimeEqualText(digest, hash) ||
    constantTimeEqual(Buffer.from(digest, 'hex'), Buffer.from(hash, 'hex'))
  )
}

/**
 * With X-GS2-DUPLICATION-AVOIDER, createAccount must answer a retry with the same account,
 * password included, although only its hash is stored: so that password is derived from the
 * avoider with the pepper instead of drawn at random.
 */
export const avoiderPassword = (
  ctx: EmulatorContext,
  namespaceName: string,
  avoider: string,
): string => {
  const digest = hmacSha256(pepperOf(ctx), `avoider\n${namespaceName}\n${avoider}`)
  let i = 0
  let round = 0
  let pool = digest
  return bytesToPassword(32, () => {
    if (i >= pool.length) {
      round++
      pool = hmacSha256(pepperOf(ctx), `avoider\n${namespaceName}\n${avoider}\n${round}`)
      i = 0
    }
    return pool[i++] ?? 0
  })
}
