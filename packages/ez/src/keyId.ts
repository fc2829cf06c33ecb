import type { Gs2RestSession } from '@gs2ez/core'

/** GS2-Key's default key, the one the Unity/Unreal SDKs sign with when no keyId is given. */
export const DEFAULT_KEY_ID_TEMPLATE = 'grn:gs2:{region}:{ownerId}:key:default:key:default'

/**
 * Fills `{region}` and, once the project token login told us, `{ownerId}`. GS2 resolves a
 * placeholder left in the GRN itself, so an unknown owner id costs nothing (and no request).
 */
export const resolveKeyId = (keyId: string | undefined, session: Gs2RestSession): string => {
  const template = keyId ?? DEFAULT_KEY_ID_TEMPLATE
  const ownerId = session.ownerId
  const filled = template.replaceAll('{region}', session.region)
  return ownerId === undefined ? filled : filled.replaceAll('{ownerId}', ownerId)
}
