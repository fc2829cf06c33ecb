import { Hono } from 'hono'
import { z } from 'zod'
import { sha256Hex } from '../crypto/secrets.ts'
import type { EmulatorContext } from '../server/emulatorContext.ts'
import { notFound } from '../server/emulatorError.ts'
import type { EmulatorEnv } from '../server/honoEnv.ts'
import { readJsonBody } from '../server/readBody.ts'
import { coerceWire, validateWire } from '../server/wire.ts'
import { getAccount } from '../services/account/accountLookup.ts'
import { accountKey, accountView } from '../services/account/accountView.ts'
import { deleteAccount } from '../services/account/deleteAccount.ts'
import { takeOverAdminRoutes } from '../services/account/takeOverAdminRoutes.ts'
import {
  accessTokenView,
  issueAccessToken,
  revokeUserTokens,
} from '../services/auth/accessTokens.ts'
import { keyGrn } from '../services/key/keyRing.ts'
import type { AccessTokenRecord, AccountRecord } from '../store/records.ts'
import { dashboardPage } from './dashboardPage.ts'
import { ADMIN_PAGE, absent, pageOf, pageQuery } from './pageQuery.ts'
import { countServerOnlyUsers, playerRoutes } from './playerRoutes.ts'

const userId = z.string().min(1).max(128)
const timeOffset = z.int().min(0).max(315360000)

const IssueSchema = z.object({
  userId,
  ttlSeconds: z.int().positive().max(315360000).optional(),
  timeOffset: timeOffset.optional(),
})
const PatchSchema = z.object({ expire: z.int().min(0) })
const RevokeSchema = z
  .object({
    token: z.string().min(1).max(1024).optional(),
    tokenId: z.string().min(1).max(128).optional(),
    userId: userId.optional(),
  })
  .refine((x) => [x.token, x.tokenId, x.userId].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of token, tokenId, userId',
    path: ['token'],
  })
const BanSchema = z.object({
  name: z.string().min(1).max(128),
  reason: z.string().max(1024).optional(),
  releaseTimestamp: z.int().min(0).optional(),
})
const AccountPathSchema = z.object({ namespaceName: z.string().min(1).max(128), userId })

const countLiveTokens = (ctx: EmulatorContext): number => {
  const now = ctx.clock.now()
  let n = 0
  for (const v of ctx.state.tables.accessTokens.values()) if (v.expire > now) n++
  return n
}

/** The request log keeps 500: one default page returns all of it, as before paging. */
const REQUEST_PAGE = { limit: 500, max: 500 }

const tokenByIdOr404 = (ctx: EmulatorContext, tokenId: string): [string, AccessTokenRecord] => {
  const hash = ctx.state.tokenHashById(tokenId)
  const record = hash === undefined ? undefined : ctx.state.get('accessTokens', hash)
  if (hash === undefined || !record)
    throw notFound('tokenId', 'emulator.token.notFound', `tokenId: no token ${tokenId}`)
  return [hash, record]
}

/**
 * Test and development controls under `/__emulator/` (documented in README.md). The server
 * refuses any call here without this run's admin token, from a foreign Origin or with a body
 * that is not JSON before it reaches these routes (adminGuard).
 */
export const adminRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>({ strict: false })

  app.get('/tokens', (c) => {
    const filter = c.req.query('userId')
    const page = pageQuery((name) => c.req.query(name), ADMIN_PAGE)
    const now = ctx.clock.now()
    const live = function* () {
      for (const v of ctx.state.tables.accessTokens.values()) {
        if (v.expire > now && (absent(filter) || v.userId === filter)) yield v
      }
    }
    const { items, nextCursor } = pageOf(live(), (v) => [v.issuedAt, v.tokenId], page)
    return c.json({ items: items.map(accessTokenView), nextCursor })
  })

  app.get('/accounts', (c) => {
    const namespaceName = c.req.query('namespaceName')
    const page = pageQuery((name) => c.req.query(name), ADMIN_PAGE)
    const matching = function* () {
      for (const a of ctx.state.tables.accounts.values()) {
        if (absent(namespaceName) || a.namespaceName === namespaceName) yield a
      }
    }
    const { items, nextCursor } = pageOf(
      matching(),
      (a) => [a.createdAt, accountKey(a.namespaceName, a.userId)],
      page,
    )
    return c.json({
      items: items.map((a) => ({ namespaceName: a.namespaceName, ...accountView(ctx, a) })),
      nextCursor,
    })
  })

  app.post('/tokens', async (c) => {
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      userId: 'string',
      ttlSeconds: 'number',
      timeOffset: 'number',
    })
    const req = validateWire('emulator', IssueSchema, wire)
    const { token, record } = issueAccessToken(ctx, {
      userId: req.userId,
      timeOffset: req.timeOffset ?? 0,
      ttlMs: req.ttlSeconds === undefined ? undefined : req.ttlSeconds * 1000,
      seenVia: 'admin',
    })
    return c.json({ token, tokenId: record.tokenId, userId: record.userId, expire: record.expire })
  })

  app.post('/tokens/revoke', async (c) => {
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      token: 'string',
      tokenId: 'string',
      userId: 'string',
    })
    const req = validateWire('emulator', RevokeSchema, wire)
    if (req.userId !== undefined) return c.json({ revoked: revokeUserTokens(ctx, req.userId) })
    const hash =
      req.token !== undefined ? sha256Hex(req.token) : ctx.state.tokenHashById(req.tokenId ?? '')
    if (hash === undefined || !ctx.state.get('accessTokens', hash)) return c.json({ revoked: 0 })
    ctx.state.commit([{ t: 'accessTokens', k: hash }])
    return c.json({ revoked: 1 })
  })

  app.patch('/tokens/:tokenId', async (c) => {
    const [hash, record] = tokenByIdOr404(ctx, c.req.param('tokenId'))
    const req = validateWire(
      'emulator',
      PatchSchema,
      coerceWire(await readJsonBody(c.req.raw), { expire: 'number' }),
    )
    const updated = { ...record, expire: req.expire }
    ctx.state.commit([{ t: 'accessTokens', k: hash, v: updated }])
    return c.json(accessTokenView(updated))
  })

  app.delete('/tokens/:tokenId', (c) => {
    const [hash, record] = tokenByIdOr404(ctx, c.req.param('tokenId'))
    ctx.state.commit([{ t: 'accessTokens', k: hash }])
    return c.json(accessTokenView(record))
  })

  app.post('/accounts/:namespaceName/:userId/ban', async (c) => {
    const path = validateWire('emulator', AccountPathSchema, c.req.param())
    const account = getAccount(ctx, path.namespaceName, path.userId)
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      name: 'string',
      reason: 'string',
      releaseTimestamp: 'number',
    })
    const ban = validateWire('emulator', BanSchema, wire)
    const updated: AccountRecord = {
      ...account,
      banStatuses: [
        ...account.banStatuses.filter((b) => b.name !== ban.name),
        {
          name: ban.name,
          reason: ban.reason ?? '',
          releaseTimestamp: ban.releaseTimestamp ?? null,
        },
      ],
      revision: account.revision + 1,
    }
    ctx.state.commit([
      { t: 'accounts', k: accountKey(path.namespaceName, path.userId), v: updated },
    ])
    // A ban takes effect now: tokens issued before it stop working.
    revokeUserTokens(ctx, account.userId)
    return c.json({ item: accountView(ctx, updated) })
  })

  app.delete('/accounts/:namespaceName/:userId/ban/:name', (c) => {
    const path = validateWire('emulator', AccountPathSchema, c.req.param())
    const account = getAccount(ctx, path.namespaceName, path.userId)
    const name = c.req.param('name')
    if (!account.banStatuses.some((b) => b.name === name)) {
      throw notFound('name', 'emulator.ban.notFound', `name: no ban ${name} on ${path.userId}`)
    }
    const updated: AccountRecord = {
      ...account,
      banStatuses: account.banStatuses.filter((b) => b.name !== name),
      revision: account.revision + 1,
    }
    ctx.state.commit([
      { t: 'accounts', k: accountKey(path.namespaceName, path.userId), v: updated },
    ])
    return c.json({ item: accountView(ctx, updated) })
  })

  app.delete('/accounts/:namespaceName/:userId', (c) => {
    const path = validateWire('emulator', AccountPathSchema, c.req.param())
    return c.json({ item: accountView(ctx, deleteAccount(ctx, path.namespaceName, path.userId)) })
  })

  app.post('/reset', (c) => {
    ctx.reset()
    return c.json({ reset: true })
  })

  app.get('/state', (c) => {
    const { tables } = ctx.state
    const now = ctx.clock.now()
    // Counts, not lists: /accounts and /tokens page through those.
    const perNamespace = new Map<string, number>()
    for (const a of tables.accounts.values())
      perNamespace.set(a.namespaceName, (perNamespace.get(a.namespaceName) ?? 0) + 1)
    return c.json({
      now,
      region: ctx.config.region,
      ownerId: ctx.config.ownerId,
      accountNamespaces: [...tables.accountNamespaces.values()].map((ns) => ({
        name: ns.name,
        createdAt: ns.createdAt,
        accounts: perNamespace.get(ns.name) ?? 0,
      })),
      accounts: tables.accounts.size,
      serverUsers: countServerOnlyUsers(ctx),
      keyNamespaces: [...tables.keyNamespaces.values()].map((ns) => ({
        name: ns.name,
        createdAt: ns.createdAt,
      })),
      keys: [...tables.keys.values()].map((k) => ({
        keyId: keyGrn(ctx, k.namespaceName, k.name),
        createdAt: k.createdAt,
      })),
      accessTokens: countLiveTokens(ctx),
      timeOffsetTokens: [...tables.timeOffsetTokens.values()].filter((t) => t.expire > now).length,
      projectTokens: [...tables.projectTokens.values()].filter((t) => t.expiresAt > now).length,
    })
  })

  app.get('/requests', (c) => {
    const page = pageQuery((name) => c.req.query(name), REQUEST_PAGE)
    const { items, next } = ctx.requestLog.page(page.after?.[0] ?? 0, page.limit)
    return c.json({
      items,
      nextCursor:
        next === null ? null : Buffer.from(JSON.stringify([next, ''])).toString('base64url'),
    })
  })

  app.route('/', takeOverAdminRoutes(ctx))
  app.route('/', playerRoutes(ctx))

  app.get('/ui', (c) =>
    c.html(dashboardPage(ctx.adminToken), 200, {
      // The page holds the admin token: never cached, never framed, never in a Referer.
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-security-policy': "frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    }),
  )

  return app
}
