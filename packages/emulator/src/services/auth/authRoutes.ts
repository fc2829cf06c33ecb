import {
  FederationRequestSchema,
  IssueTimeOffsetTokenByUserIdRequestSchema,
  LoginRequestSchema,
} from '@gs2ez/auth'
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { optionalHeader, requireTrusted } from '../../server/projectTokenGuard.ts'
import { readJsonBody } from '../../server/readBody.ts'
import type { WireType } from '../../server/wire.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import { accessTokenResult, issueAccessToken } from './accessTokens.ts'
import { loginBySignature } from './loginBySignature.ts'
import { validatePolicyDocument } from './policyDocument.ts'
import {
  issueTimeOffsetToken,
  requestedTimeOffset,
  timeOffsetFromToken,
} from './timeOffsetTokens.ts'

const withTimeOffsetToken = async (
  c: Context<EmulatorEnv>,
  fields: Record<string, WireType>,
): Promise<Record<string, unknown>> => {
  const body = coerceWire(await readJsonBody(c.req.raw), fields)
  const timeOffsetToken = optionalHeader(c, 'x-gs2-time-offset-token')
  return timeOffsetToken === undefined ? body : { ...body, timeOffsetToken }
}

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
    const timeOffset = requestedTimeOffset(ctx, req)
    return c.json(
      accessTokenResult(
        issueAccessToken(ctx, { userId: req.userId, timeOffset, seenVia: 'login' }),
      ),
    )
  })

  app.post('/login/signed', async (c) =>
    c.json(accessTokenResult(loginBySignature(ctx, await readJsonBody(c.req.raw)))),
  )

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
    const issued = issueAccessToken(ctx, {
      userId: req.userId,
      timeOffset: requestedTimeOffset(ctx, req),
      federationFromUserId: req.originalUserId,
      policyDocument: req.policyDocument,
      seenVia: 'federation',
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
