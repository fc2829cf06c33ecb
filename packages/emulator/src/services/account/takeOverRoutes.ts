import {
  AccountRequestSchema,
  CreateTakeOverRequestSchema,
  DescribeTakeOversRequestSchema,
  DoTakeOverRequestSchema,
  TAKE_OVER_LIMITS,
  TakeOverRequestSchema,
  UpdateTakeOverRequestSchema,
} from '@gs2ez/account'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import * as zm from 'zod/mini'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { badRequest, conflict, unauthorized } from '../../server/emulatorError.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { requireTrusted } from '../../server/projectTokenGuard.ts'
import { readJsonBody } from '../../server/readBody.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import { getAccount, namespaceView } from './accountLookup.ts'
import { doTakeOver } from './doTakeOver.ts'
import { checkTakeOverPassword, hashTakeOverPassword } from './takeOverPassword.ts'
import { type TakeOverRecord, takeOverKey } from './takeOverRecord.ts'
import {
  deleteTakeOverChanges,
  findTakeOverByIdentifier,
  getOwnTakeOver,
  listOwnTakeOvers,
  liveTakeOverByIdentifier,
  putTakeOverChanges,
} from './takeOverStore.ts'
import { takeOverView } from './takeOverView.ts'

// The client's request models, less the access token, which arrives as a header here.
const NO_TOKEN = { accessToken: true } as const
const CreateWire = zm.omit(CreateTakeOverRequestSchema, NO_TOKEN)
const DescribeWire = zm.omit(DescribeTakeOversRequestSchema, NO_TOKEN)
const TakeOverWire = zm.omit(TakeOverRequestSchema, NO_TOKEN)
const UpdateWire = zm.omit(UpdateTakeOverRequestSchema, NO_TOKEN)
const ByIdentifierWire = zm.omit(DoTakeOverRequestSchema, { password: true })

const UpdateNamespaceSchema = z.object({
  description: z.string().max(1024).optional(),
  changePasswordIfTakeOver: z.boolean().optional(),
})

/** Settings changed while a password was being checked are read again, this many times. */
const ATTEMPTS = 3

const pageTokenOf = (type: number) =>
  Buffer.from(JSON.stringify({ after: type })).toString('base64url')

const afterOf = (pageToken: string | undefined): number => {
  if (pageToken === undefined) return -1
  try {
    const after = (
      JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8')) as { after?: unknown }
    ).after
    if (typeof after === 'number' && Number.isInteger(after)) return after
  } catch {
    // falls through to the 400
  }
  throw badRequest('pageToken', 'account.pageToken.invalid', 'pageToken: not a token this API gave')
}

/**
 * Whose settings a request is about. The "me" APIs act as the player of X-GS2-ACCESS-TOKEN
 * (already checked by the guard when present) and refuse a request without one, whatever the
 * credential. The ByUserId APIs name the player in the path and, as in GS2's ApplicationAccess
 * policy (which denies `*ByUserId`), need a trusted credential. Either way the player must have
 * an account in the namespace.
 */
type Owner = (c: Context<EmulatorEnv>, namespaceName: string, api: string) => string

const me =
  (ctx: EmulatorContext): Owner =>
  (c, namespaceName) => {
    const token = c.get('accessToken')
    if (!token) {
      throw unauthorized(
        'X-GS2-ACCESS-TOKEN',
        'auth.accessToken.required',
        'X-GS2-ACCESS-TOKEN: this API acts as a player and needs their access token',
      )
    }
    return getAccount(ctx, namespaceName, token.userId).userId
  }

const byUserId =
  (ctx: EmulatorContext): Owner =>
  (c, namespaceName, api) => {
    requireTrusted(c, `${api}ByUserId`)
    const { userId } = validateWire('account', AccountRequestSchema, {
      namespaceName,
      userId: c.req.param('userId'),
    })
    return getAccount(ctx, namespaceName, userId).userId
  }

const takenBy = (
  ctx: EmulatorContext,
  namespaceName: string,
  userId: string,
  type: number,
  userIdentifier: string,
): void => {
  if (ctx.state.get('takeOvers', takeOverKey(namespaceName, userId, type))) {
    throw conflict(
      'type',
      'account.takeOver.exists',
      `type: a takeover setting of type ${type} exists; update or delete it`,
    )
  }
  if (liveTakeOverByIdentifier(ctx, namespaceName, type, userIdentifier)) {
    throw conflict(
      'userIdentifier',
      'account.takeOver.exists',
      `userIdentifier: already registered for type ${type} in ${namespaceName}`,
    )
  }
}

/**
 * The settings APIs under `base`, for the owner `owner` resolves. GS2 spells the ByUserId
 * delete `.../type/{type}/takeover`, hence `deletePath`.
 */
const settings = (
  app: Hono<EmulatorEnv>,
  ctx: EmulatorContext,
  base: string,
  owner: Owner,
  deletePath: string,
): void => {
  app.post(base, async (c) => {
    const input = coerceWire(await readJsonBody(c.req.raw), {
      type: 'number',
      userIdentifier: 'string',
      password: 'string',
    })
    input.namespaceName = c.req.param('namespaceName')
    const req = validateWire('account', CreateWire, input)
    namespaceView(ctx, req.namespaceName)
    const userId = owner(c, req.namespaceName, 'createTakeOver')
    takenBy(ctx, req.namespaceName, userId, req.type, req.userIdentifier)
    const passwordHash = await hashTakeOverPassword(ctx, req.password)
    // Hashing yielded: a concurrent request may have taken the slot or the identifier.
    takenBy(ctx, req.namespaceName, userId, req.type, req.userIdentifier)
    const record: TakeOverRecord = {
      namespaceName: req.namespaceName,
      userId,
      type: req.type,
      userIdentifier: req.userIdentifier,
      passwordHash,
      createdAt: ctx.clock.now(),
      revision: 1,
    }
    ctx.state.commit(putTakeOverChanges(record))
    return c.json({ item: takeOverView(ctx, record) })
  })

  app.get(base, (c) => {
    const input = coerceWire(
      { pageToken: c.req.query('pageToken'), limit: c.req.query('limit') },
      { pageToken: 'string', limit: 'number' },
    )
    input.namespaceName = c.req.param('namespaceName')
    const req = validateWire('account', DescribeWire, input)
    namespaceView(ctx, req.namespaceName)
    const userId = owner(c, req.namespaceName, 'describeTakeOvers')
    const after = afterOf(req.pageToken)
    const limit = req.limit ?? TAKE_OVER_LIMITS.defaultLimit
    const rest = listOwnTakeOvers(ctx, req.namespaceName, userId).filter((r) => r.type > after)
    const page = rest.slice(0, limit)
    const last = page.at(-1)
    return c.json({
      items: page.map((r) => takeOverView(ctx, r)),
      nextPageToken: rest.length > limit && last ? pageTokenOf(last.type) : null,
    })
  })

  const typePath = (c: Context<EmulatorEnv>, api: string) => {
    const input = coerceWire(c.req.param(), { namespaceName: 'string', type: 'number' })
    const req = validateWire('account', TakeOverWire, input)
    namespaceView(ctx, req.namespaceName)
    return { ...req, userId: owner(c, req.namespaceName, api) }
  }

  app.get(`${base}/type/:type`, (c) => {
    const req = typePath(c, 'getTakeOver')
    return c.json({
      item: takeOverView(ctx, getOwnTakeOver(ctx, req.namespaceName, req.userId, req.type)),
    })
  })

  app.put(`${base}/type/:type`, async (c) => {
    const body = coerceWire(await readJsonBody(c.req.raw), {
      oldPassword: 'string',
      password: 'string',
    })
    const path = coerceWire(c.req.param(), { namespaceName: 'string', type: 'number' })
    const req = validateWire('account', UpdateWire, { ...path, ...body })
    namespaceView(ctx, req.namespaceName)
    const userId = owner(c, req.namespaceName, 'updateTakeOver')
    const key = takeOverKey(req.namespaceName, userId, req.type)
    // Each await yields: decide against the setting as it is now, not as it was read.
    const changed = (record: TakeOverRecord, attempt: number): boolean => {
      if (ctx.state.get('takeOvers', key) === record) return false
      if (attempt < ATTEMPTS) return true
      throw conflict(
        'takeOver',
        'account.takeOver.conflict',
        'takeOver: changed while checked; retry',
      )
    }
    for (let attempt = 1; ; attempt++) {
      const record = getOwnTakeOver(ctx, req.namespaceName, userId, req.type)
      // The new password is hashed only once the old one is right: a wrong guess costs one scrypt.
      const ok = await checkTakeOverPassword(ctx, req.oldPassword, record.passwordHash)
      if (changed(record, attempt)) continue
      if (!ok) {
        throw unauthorized('oldPassword', 'account.password.invalid', 'oldPassword: wrong password')
      }
      const passwordHash = await hashTakeOverPassword(ctx, req.password)
      if (changed(record, attempt)) continue
      const updated: TakeOverRecord = { ...record, passwordHash, revision: record.revision + 1 }
      ctx.state.commit(putTakeOverChanges(updated, record))
      return c.json({ item: takeOverView(ctx, updated) })
    }
  })

  app.delete(deletePath, (c) => {
    const req = typePath(c, 'deleteTakeOver')
    const record = getOwnTakeOver(ctx, req.namespaceName, req.userId, req.type)
    ctx.state.commit(deleteTakeOverChanges(record))
    return c.json({ item: takeOverView(ctx, record) })
  })
}

/**
 * GS2-Account takeover (device migration): the player's settings under
 * `/{ns}/account/me/takeover` (and, for servers, `/{ns}/account/{userId}/takeover`),
 * `doTakeOver` under `/{ns}/takeover/type/{type}`, deleteTakeOverByUserIdentifier, and
 * updateNamespace for `changePasswordIfTakeOver`. Mounted by accountRoutes.
 */
export const takeOverRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>()

  app.put('/:namespaceName', async (c) => {
    requireTrusted(c, 'updateNamespace')
    const name = c.req.param('namespaceName')
    namespaceView(ctx, name) // 404 for an unknown namespace
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      description: 'string',
      changePasswordIfTakeOver: 'boolean',
    })
    const req = validateWire('account', UpdateNamespaceSchema, wire)
    const record = ctx.state.get('accountNamespaces', name)
    if (!record) throw new Error('unreachable: namespaceView found it')
    ctx.state.commit([
      {
        t: 'accountNamespaces',
        k: name,
        v: {
          ...record,
          description: req.description ?? record.description,
          changePasswordIfTakeOver:
            req.changePasswordIfTakeOver ?? record.changePasswordIfTakeOver ?? false,
        },
      },
    ])
    return c.json({ item: namespaceView(ctx, name) })
  })

  // `me` first: for `/account/me/...` it is the one that answers.
  const mePath = '/:namespaceName/account/me/takeover'
  settings(app, ctx, mePath, me(ctx), `${mePath}/type/:type`)
  const byUser = '/:namespaceName/account/:userId/takeover'
  settings(app, ctx, byUser, byUserId(ctx), `${byUser}/type/:type/takeover`)

  app.delete('/:namespaceName/takeover/type/:type/userIdentifier/:userIdentifier', (c) => {
    requireTrusted(c, 'deleteTakeOverByUserIdentifier')
    const input = coerceWire(c.req.param(), {
      namespaceName: 'string',
      type: 'number',
      userIdentifier: 'string',
    })
    const req = validateWire('account', ByIdentifierWire, input)
    namespaceView(ctx, req.namespaceName)
    const record = findTakeOverByIdentifier(ctx, req.namespaceName, req.type, req.userIdentifier)
    ctx.state.commit(deleteTakeOverChanges(record))
    return c.json({ item: takeOverView(ctx, record) })
  })

  app.post('/:namespaceName/takeover/type/:type', async (c) => {
    const body = await readJsonBody(c.req.raw)
    const { namespaceName, type } = c.req.param()
    return c.json(await doTakeOver(ctx, { namespaceName, type, body }))
  })

  return app
}
