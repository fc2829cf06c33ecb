import {
  FederationRequestSchema,
  IssueTimeOffsetTokenByUserIdRequestSchema,
  LoginBySignatureRequestSchema,
  LoginRequestSchema,
} from '@gs2ez/auth'
import type { Context } from 'hono'
import { Hono } from 'hono'
import * as zm from 'zod/mini'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { badRequest, notFound, unauthorized } from '../../server/emulatorError.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { optionalHeader, requireTrusted } from '../../server/projectTokenGuard.ts'
import { readJsonBody } from '../../server/readBody.ts'
import type { WireType } from '../../server/wire.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import { accountKey, isBanned } from '../account/accountView.ts'
import { resolveKey, verifyBody } from '../key/keyRing.ts'
import { issueAccessToken } from './accessTokens.ts'
import { validatePolicyDocument } from './policyDocument.ts'
import { issueTimeOffsetToken, timeOffsetFromToken } from './timeOffsetTokens.ts'

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

const withTimeOffsetToken = async (
  c: Context<EmulatorEnv>,
  fields: Record<string, WireType>,
): Promise<Record<string, unknown>> => {
  const body = coerceWire(await readJsonBody(c.req.raw), fields)
  const timeOffsetToken = optionalHeader(c, 'x-gs2-time-offset-token')
  return timeOffsetToken === undefined ? body : { ...body, timeOffsetToken }
}

const accessTokenResult = (issued: {
  token: string
  record: { userId: string; expire: number }
}) => ({
  token: issued.token,
  userId: issued.record.userId,
  expire: issued.record.expire,
})

/** GS2-Auth: the five APIs. */
export const authRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>()
  const versionBody = JSON.stringify({ item: ctx.config.serviceVersion })

  app.post('/login', async (c) => {
    requireTrusted(c, 'login')
    const req = validateWire(
      'auth',
      LoginRequestSchema,
      await withTimeOffsetToken(c, { userId: 'string', timeOffset: 'number' }),
    )
    // An access token issued with a time offset token runs at that token's offset.
    const timeOffset =
      req.timeOffsetToken === undefined
        ? (req.timeOffset ?? 0)
        : timeOffsetFromToken(ctx, req.timeOffsetToken, req.userId)
    return c.json(accessTokenResult(issueAccessToken(ctx, { userId: req.userId, timeOffset })))
  })

  app.post('/login/signed', async (c) => {
    const wire = coerceWire(await readJsonBody(c.req.raw), {
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
      throw unauthorized(
        'account',
        'account.banned.infinity',
        `account: ${payload.userId} is banned`,
      )
    }
    return c.json(
      accessTokenResult(
        issueAccessToken(ctx, { userId: payload.userId, timeOffset: payload.timeOffset }),
      ),
    )
  })

  app.post('/federation', async (c) => {
    requireTrusted(c, 'federation')
    const req = validateWire(
      'auth',
      FederationRequestSchema,
      await withTimeOffsetToken(c, {
        originalUserId: 'string',
        userId: 'string',
        policyDocument: 'string',
        timeOffset: 'number',
      }),
    )
    if (req.policyDocument !== undefined) validatePolicyDocument(req.policyDocument)
    const timeOffset =
      req.timeOffsetToken === undefined
        ? (req.timeOffset ?? 0)
        : timeOffsetFromToken(ctx, req.timeOffsetToken, req.userId)
    const issued = issueAccessToken(ctx, {
      userId: req.userId,
      timeOffset,
      federationFromUserId: req.originalUserId,
      policyDocument: req.policyDocument,
    })
    return c.json(accessTokenResult(issued))
  })

  app.post('/timeoffset/token', async (c) => {
    requireTrusted(c, 'issueTimeOffsetTokenByUserId')
    const req = validateWire(
      'auth',
      IssueTimeOffsetTokenByUserIdRequestSchema,
      await withTimeOffsetToken(c, { userId: 'string', timeOffset: 'number' }),
    )
    const timeOffset =
      req.timeOffset ??
      (req.timeOffsetToken === undefined
        ? 0
        : timeOffsetFromToken(ctx, req.timeOffsetToken, req.userId))
    const { token, expire } = issueTimeOffsetToken(ctx, req.userId, timeOffset)
    return c.json({ token, userId: req.userId, expire })
  })

  app.get('/system/version', (c) =>
    c.body(versionBody, 200, { 'content-type': 'application/json' }),
  )

  return app
}
