import {
  constantTimeEqual,
  constantTimeEqualText,
  hmacKey,
  hmacSha256Text,
} from '../../crypto/secrets.ts'
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

/** A keyId as sent -> its normalized form and its `keys` table key (undefined: not ours). */
interface ParsedKeyId {
  readonly keyId: string
  readonly tableKey: string | undefined
}

const parseKeyId = (ctx: EmulatorContext, keyId: string): ParsedKeyId => {
  const resolved = normalizeKeyId(ctx, keyId)
  const match = KEY_GRN.exec(resolved)
  return {
    keyId: resolved,
    tableKey:
      match && match[1] === ctx.config.region && match[2] === ctx.config.ownerId
        ? `${match[3]}/${match[4]}`
        : undefined,
  }
}

// Every login names the same key or two: the parse (two replaceAll and a regex) is remembered per
// config, bounded. The key itself is still read from the state each time, so deleted or replaced
// keys are seen at once.
const parsedKeyIds = new WeakMap<EmulatorContext['config'], Map<string, ParsedKeyId>>()

/** The key a keyId names, or 404 naming keyId. */
export const resolveKey = (
  ctx: EmulatorContext,
  keyId: string,
): { keyId: string; key: KeyRecord } => {
  let cache = parsedKeyIds.get(ctx.config)
  if (cache === undefined) {
    cache = new Map()
    parsedKeyIds.set(ctx.config, cache)
  }
  let parsed = cache.get(keyId)
  if (parsed === undefined) {
    parsed = parseKeyId(ctx, keyId)
    if (cache.size >= 256) cache.clear()
    cache.set(keyId, parsed)
  }
  const key = parsed.tableKey === undefined ? undefined : ctx.state.get('keys', parsed.tableKey)
  if (!key) throw notFound('keyId', 'key.key.notFound', `keyId: no key ${parsed.keyId}`)
  return { keyId: parsed.keyId, key }
}

const secretOf = (key: KeyRecord) => hmacKey(key.secret)

/** base64(HMAC-SHA256(secret, body)). */
export const signBody = (key: KeyRecord, body: string): string =>
  hmacSha256Text(secretOf(key), body, 'base64')

/**
 * Constant-time check of a base64 signature. A signature as `signBody` wrote it matches as text;
 * any other spelling (base64url, no padding) is decoded and compared as bytes, as before.
 */
export const verifyBody = (key: KeyRecord, body: string, signature: string): boolean => {
  const expected = hmacSha256Text(secretOf(key), body, 'base64')
  return (
    constantTimeEqualText(expected, signature) ||
    constantTimeEqual(Buffer.from(expected, 'base64'), Buffer.from(signature, 'base64'))
  )
}
