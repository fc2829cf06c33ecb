import {
  AccountRequestSchema,
  AuthenticationRequestSchema,
  CreateAccountRequestSchema,
} from '@gs2ez/account'
import { Hono } from 'hono'
import { z } from 'zod'
import { randomPassword, randomUuid } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { conflict, notFound, unauthorized } from '../../server/emulatorError.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { optionalHeader, requireTrusted } from '../../server/projectTokenGuard.ts'
import { readJsonBody } from '../../server/readBody.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import type { AccountRecord } from '../../store/records.ts'
import { revokeUserTokens } from '../auth/accessTokens.ts'
import { timeOffsetFromToken } from '../auth/timeOffsetTokens.ts'
import { resolveKey, signBody } from '../key/keyRing.ts'
import {
  accountKey,
  accountNamespaceGrn,
  accountView,
  banStatusView,
  isBanned,
} from './accountView.ts'
import { avoiderPassword, checkPassword, hashPassword } from './passwordHash.ts'

/** A duplication avoider answers retries for a day, then the name can be reused. */
const AVOIDER_TTL_MS = 24 * 3_600_000

const NamespaceNameSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only'),
  description: z.string().max(1024).optional(),
})

const AvoiderSchema = z.string().min(1).max(1024)

const namespaceView = (ctx: EmulatorContext, name: string) => {
  const ns = ctx.state.get('accountNamespaces', name)
  if (!ns)
    throw notFound(
      'namespaceName',
      'account.namespace.notFound',
      `namespaceName: no namespace ${name}`,
    )
  return {
    namespaceId: accountNamespaceGrn(ctx, ns.name),
    name: ns.name,
    description: ns.description,
    createdAt: ns.createdAt,
  }
}

const getAccount = (ctx: EmulatorContext, namespaceName: string, userId: string): AccountRecord => {
  if (!ctx.state.get('accountNamespaces', namespaceName)) namespaceView(ctx, namespaceName) // 404
  const account = ctx.state.get('accounts', accountKey(namespaceName, userId))
  if (!account)
    throw notFound(
      'userId',
      'account.account.notFound',
      `userId: no account ${userId} in ${namespaceName}`,
    )
  return account
}

/** GS2-Account: namespaces and the four account APIs a login needs. */
export const accountRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>()

  app.get('/', (c) => {
    const items = [...ctx.state.tables.accountNamespaces.keys()].map((name) =>
      namespaceView(ctx, name),
    )
    return c.json({ items, nextPageToken: null })
  })

  app.post('/', async (c) => {
    requireTrusted(c, 'createNamespace')
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      name: 'string',
      description: 'string',
    })
    const { name, description } = validateWire('account', NamespaceNameSchema, wire)
    if (ctx.state.get('accountNamespaces', name)) {
      throw conflict('name', 'account.namespace.exists', `name: namespace ${name} already exists`)
    }
    ctx.state.commit([
      {
        t: 'accountNamespaces',
        k: name,
        v: { name, description: description ?? '', createdAt: ctx.clock.now() },
      },
    ])
    return c.json({ item: namespaceView(ctx, name) })
  })

  app.get('/:namespaceName', (c) => {
    const { namespaceName } = validateWire('account', CreateAccountRequestSchema, c.req.param())
    return c.json({ item: namespaceView(ctx, namespaceName) })
  })

  app.post('/:namespaceName/account', async (c) => {
    await readJsonBody(c.req.raw) // contextStack only, but a malformed body is still a 400
    const { namespaceName } = validateWire('account', CreateAccountRequestSchema, c.req.param())
    namespaceView(ctx, namespaceName)
    const avoiderHeader = optionalHeader(c, 'x-gs2-duplication-avoider')
    const avoider =
      avoiderHeader === undefined
        ? undefined
        : validateWire('account', AvoiderSchema, avoiderHeader)
    const now = ctx.clock.now()
    if (avoider !== undefined) {
      const seen = ctx.state.get('avoiders', `${namespaceName}/${avoider}`)
      const account = seen && ctx.state.get('accounts', accountKey(namespaceName, seen.userId))
      if (account) {
        return c.json({
          item: accountView(ctx, account, avoiderPassword(ctx, namespaceName, avoider)),
        })
      }
    }
    const userId = randomUuid(ctx.random)
    const password =
      avoider === undefined
        ? randomPassword(ctx.random)
        : avoiderPassword(ctx, namespaceName, avoider)
    const account: AccountRecord = {
      namespaceName,
      userId,
      passwordHash: hashPassword(ctx, password),
      timeOffset: 0,
      banStatuses: [],
      lastAuthenticatedAt: null,
      createdAt: now,
      revision: 1,
    }
    ctx.state.commit([
      { t: 'accounts', k: accountKey(namespaceName, userId), v: account },
      ...(avoider === undefined
        ? []
        : [
            {
              t: 'avoiders',
              k: `${namespaceName}/${avoider}`,
              v: { namespaceName, userId, expiresAt: now + AVOIDER_TTL_MS },
            } as const,
          ]),
    ])
    return c.json({ item: accountView(ctx, account, password) })
  })

  app.put('/:namespaceName/account/:userId', async (c) => {
    // coerceWire returns a fresh object: the path and the header join it without more copies.
    const input = coerceWire(await readJsonBody(c.req.raw), { password: 'string', keyId: 'string' })
    const { namespaceName, userId } = c.req.param()
    input.namespaceName = namespaceName
    input.userId = userId
    const timeOffsetToken = optionalHeader(c, 'x-gs2-time-offset-token')
    if (timeOffsetToken !== undefined) input.timeOffsetToken = timeOffsetToken
    const req = validateWire('account', AuthenticationRequestSchema, input)
    const account = getAccount(ctx, req.namespaceName, req.userId)
    if (!checkPassword(ctx, req.password, account.passwordHash)) {
      throw unauthorized('password', 'account.password.invalid', 'password: wrong password')
    }
    const now = ctx.clock.now()
    if (isBanned(account, now)) {
      throw unauthorized(
        'account',
        'account.banned.infinity',
        `account: ${account.userId} is banned`,
      )
    }
    const timeOffset =
      req.timeOffsetToken === undefined
        ? account.timeOffset
        : timeOffsetFromToken(ctx, req.timeOffsetToken, account.userId)
    const { keyId, key } = resolveKey(ctx, req.keyId)
    const updated: AccountRecord = {
      ...account,
      lastAuthenticatedAt: now,
      revision: account.revision + 1,
    }
    ctx.state.commit([
      { t: 'accounts', k: accountKey(account.namespaceName, account.userId), v: updated },
    ])
    const signed = JSON.stringify({
      userId: account.userId,
      namespaceName: account.namespaceName,
      keyId,
      timeOffset,
      issuedAt: now,
    })
    return c.json({
      item: accountView(ctx, updated),
      banStatuses: updated.banStatuses.map((ban) => banStatusView(ctx, updated, ban)),
      body: signed,
      signature: signBody(key, signed),
    })
  })

  app.get('/:namespaceName/account/:userId', (c) => {
    const req = validateWire('account', AccountRequestSchema, c.req.param())
    return c.json({ item: accountView(ctx, getAccount(ctx, req.namespaceName, req.userId)) })
  })

  app.delete('/:namespaceName/account/:userId', (c) => {
    const req = validateWire('account', AccountRequestSchema, c.req.param())
    const account = getAccount(ctx, req.namespaceName, req.userId)
    ctx.state.commit([{ t: 'accounts', k: accountKey(req.namespaceName, req.userId) }])
    // A deleted player must not keep playing on tokens issued before the deletion.
    revokeUserTokens(ctx, account.userId)
    return c.json({ item: accountView(ctx, account) })
  })

  return app
}
