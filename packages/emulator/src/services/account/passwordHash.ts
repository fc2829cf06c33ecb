import { constantTimeEqualText, hmacKey, hmacSha256Text, sha256Hex } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'

/** Marks hashes written by `hashPassword`; a hash without it is a legacy peppered HMAC. */
const PREFIX = 's256:'

/**
 * Account passwords are stored as SHA-256, with no key and no slow KDF: every password is 32
 * random characters from 62 letters (~190 bits) chosen by the server, never by a human, so
 * there is no dictionary to try and no preimage to find, and `authentication` stays cheap
 * under load. Nothing else is needed to match one, so nothing else sits in the data directory
 * (an earlier pepper lived next to the hashes, which protected nothing). Only for
 * server-generated secrets: a password a human chooses needs a salted slow hash (scrypt).
 */
export const hashPassword = (_ctx: EmulatorContext, password: string): string =>
  PREFIX + sha256Hex(password)

/** A hash from before `hashPassword` dropped the pepper; re-hashed at the next login. */
export const isLegacyHash = (hash: string): boolean => !hash.startsWith(PREFIX)

const legacyHash = (ctx: EmulatorContext, password: string): string | undefined => {
  const pepper = ctx.state.get('meta', 'meta')?.pepper
  return pepper === undefined ? undefined : hmacSha256Text(hmacKey(pepper), password, 'hex')
}

/** Does `password` match the stored `hash`? Compared in time that depends on lengths only. */
export const checkPassword = (ctx: EmulatorContext, password: string, hash: string): boolean => {
  const digest = isLegacyHash(hash) ? legacyHash(ctx, password) : hashPassword(ctx, password)
  return digest !== undefined && constantTimeEqualText(digest, hash)
}
