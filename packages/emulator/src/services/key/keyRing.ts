import { constantTimeEqual, hmacKey, hmacSha256 } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { notFound } from '../../server/emulatorError.ts'
import type { KeyRecord } from '../../store/records.ts'

export const keyNamespaceGrn = (ctx: EmulatorContext, namespaceName: string): string =>
  `grn:gs2:${ctx.config.region}:${ctx.config.ownerId}:key:${namespaceName}`

export const keyGrn = (ctx: EmulatorContext, namespaceName: string, keyName: string): string =>
  `${keyNamespaceGrn(ctx, namespaceName)}:key:${keyName}`

const KEY_GRN = /^grn:gs2:([^:]+):([^:]+):key:([^:]+):key:([^:]+)$/

/** Fills `{region}`/`{ownerId}` as GS2 does, so the template works as sent. */
export const normalizeKeyId = (ctx: EmulatorContext, keyId: string): string =>
  keyId.replaceAll('{region}', ctx.config.region).replaceAll('{ownerId}', ctx.config.ownerId)

/** The key a keyId names, or 404 naming keyId. */
export const resolveKey = (
  ctx: EmulatorContext,
  keyId: string,
): { keyId: string; key: KeyRecord } => {
  const resolved = normalizeKeyId(ctx, keyId)
  const match = KEY_GRN.exec(resolved)
  const key =
    match && match[1] === ctx.config.region && match[2] === ctx.config.ownerId
      ? ctx.state.get('keys', `${match[3]}/${match[4]}`)
      : undefined
  if (!key) throw notFound('keyId', 'key.key.notFound', `keyId: no key ${resolved}`)
  return { keyId: resolved, key }
}

const secretOf = (key: KeyRecord) => hmacKey(key.secret)

/** base64(HMAC-SHA256(secret, body)). */
export const signBody = (key: KeyRecord, body: string): string =>
  hmacSha256(secretOf(key), body).toString('base64')

/** Constant-time check of a base64 signature. */
export const verifyBody = (key: KeyRecord, body: string, signature: string): boolean => {
  const given = Buffer.from(signature, 'base64')
  return constantTimeEqual(hmacSha256(secretOf(key), body), given)
}
