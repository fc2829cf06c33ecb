import { LoginBySignatureRequestSchema } from '@gs2ez/auth'
import * as zm from 'zod/mini'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { badRequest, notFound, unauthorized } from '../../server/emulatorError.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import { accountKey, isBanned } from '../account/accountView.ts'
import { resolveKey, verifyBody } from '../key/keyRing.ts'
import { issueAccessToken } from './accessTokens.ts'

/**
 * The payload `authentication` signs (see services/account/accountRoutes.ts). zod/mini, like the
 * shared models: it is parsed on every loginBySignature, and mini's parse is the cheaper one.
 */
const SignedBodySchema = zm.object({
  userId: zm.string().check(zm.minLength(1)),
  namespaceName: zm.string().check(zm.minLength(1)),
  keyId: zm.string().check(zm.minLength(1)),
  timeOffset: zm.int().check(zm.gte(0)),
  issuedAt: zm.int(),
})

type SignedBody = zm.infer<typeof SignedBodySchema>

/**
 * SignedBodySchema's checks written out, for the common case of a body `authentication` made:
 * it saves a schema run on every loginBySignature. Whatever it does not accept goes to the
 * schema, which decides (and words the error) as before.
 */
const quickSignedBody = (value: unknown): SignedBody | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const { userId, namespaceName, keyId, timeOffset, issuedAt } = value as Record<string, unknown>
  if (
    typeof userId === 'string' &&
    userId.length > 0 &&
    typeof namespaceName === 'string' &&
    namespaceName.length > 0 &&
    typeof keyId === 'string' &&
    keyId.length > 0 &&
    typeof timeOffset === 'number' &&
    Number.isSafeInteger(timeOffset) &&
    timeOffset >= 0 &&
    typeof issuedAt === 'number' &&
    Number.isSafeInteger(issuedAt)
  ) {
    return { userId, namespaceName, keyId, timeOffset, issuedAt }
  }
  return undefined
}

/** A signed body dated this far in the future is refused too (clock skew allowance). */
const FUTURE_SKEW_MS = 60_000

/**
 * GS2-Auth `loginBySignature`: checks a body signed by `authentication` (signature in constant
 * time, key, age, the account still there and not banned) and issues an access token.
 * Framework-free, so the throughput bench's floor runs exactly this work without the HTTP layer.
 */
export const loginBySignature = (
  ctx: EmulatorContext,
  body: Readonly<Record<string, unknown>>,
): ReturnType<typeof issueAccessToken> => {
  const wire = coerceWire(body, {
    keyId: 'string',
    body: 'string',
    signature: 'string',
  })
  const req = validateWire('auth', LoginBySignatureRequestSchema, wire)
  const { keyId, key } = resolveKey(ctx, req.keyId)
  if (!verifyBody(key, req.body, req.signature)) {
    throw unauthorized(
      'signature',
      'auth.signature.invalid',
      'signature: does not match body for keyId',
    )
  }
  let payload: SignedBody
  try {
    const parsed: unknown = JSON.parse(req.body)
    payload = quickSignedBody(parsed) ?? zm.parse(SignedBodySchema, parsed)
  } catch {
    throw badRequest(
      'body',
      'auth.body.invalid',
      'body: not a body signed by GS2-Account authentication',
    )
  }
  if (payload.keyId !== keyId) {
    throw unauthorized(
      'keyId',
      'auth.signature.invalid',
      'keyId: the body was signed for another key',
    )
  }
  const now = ctx.clock.now()
  if (
    payload.issuedAt + ctx.config.signatureMaxAgeMs < now ||
    payload.issuedAt > now + FUTURE_SKEW_MS
  ) {
    throw unauthorized(
      'body',
      'auth.signature.expired',
      `body: signed more than ${ctx.config.signatureMaxAgeMs / 1000} s ago; authenticate again`,
    )
  }
  const account = ctx.state.get('accounts', accountKey(payload.namespaceName, payload.userId))
  if (!account) {
    throw notFound(
      'userId',
      'account.account.notFound',
      `userId: account ${payload.userId} no longer exists`,
    )
  }
  if (isBanned(account, now)) {
    throw unauthorized('account', 'account.banned.infinity', `account: ${payload.userId} is banned`)
  }
  return issueAccessToken(ctx, { userId: payload.userId, timeOffset: payload.timeOffset })
}
