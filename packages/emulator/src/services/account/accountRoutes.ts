import { AccountRequestSchema, CreateAccountRequestSchema } from '@gs2ez/account'
import { Hono } from 'hono'
import { z } from 'zod'
import { randomPassword, randomUuid } from '../../crypto/secrets.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { conflict } from '../../server/emulatorError.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { optionalHeader, requireTrusted } from '../../server/projectTokenGuard.ts'
import { readJsonBody } from '../../server/readBody.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import type { AccountRecord } from '../../store/records.ts'
import { getAccount, namespaceView } from './accountLookup.ts'
import { accountKey, accountView } from './accountView.ts'
import { authenticate } from './authenticate.ts'
import { deleteAccount } from './deleteAccount.ts'
import { avoiderChange, findAvoided } from './duplicationAvoider.ts'
import { hashPassword } from './passwordHash.ts'
import { takeOverRoutes } from './takeOverRoutes.ts'

const NamespaceNameSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only'),
  description: z.string().max(1024).optional(),
  changePasswordIfTakeOver: z.boolean().optional(),
})

const AvoiderSchema = z.string().min(1).max(1024)

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
      changePasswordIfTakeOver: 'boolean',
    })
    const { name, description, changePasswordIfTakeOver } = validateWire(
      'account',
      NamespaceNameSchema,
      wire,
    )
    if (ctx.state.get('accountNamespaces', name)) {
      throw conflict('name', 'account.namespace.exists', `name: namespace ${name} already exists`)
    }
    ctx.state.commit([
      {
        t: 'accountNamespaces',
        k: name,
        v: {
          name,
          description: description ?? '',
          createdAt: ctx.clock.now(),
          changePasswordIfTakeOver: changePasswordIfTakeOver ?? false,
        },
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
    const avoided = avoider === undefined ? undefined : findAvoided(ctx, namespaceName, avoider)
    if (avoided) return c.json({ item: accountView(ctx, avoided.account, avoided.password) })
    const userId = randomUuid(ctx.random)
    const password = randomPassword(ctx.random)
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
        : [avoiderChange(ctx, namespaceName, avoider, { userId, password })]),
    ])
    return c.json({ item: accountView(ctx, account, password) })
  })

  app.put('/:namespaceName/account/:userId', async (c) => {
    const { namespaceName, userId } = c.req.param()
    return c.json(
      authenticate(ctx, {
        namespaceName,
        userId,
        body: await readJsonBody(c.req.raw),
        timeOffsetToken: optionalHeader(c, 'x-gs2-time-offset-token'),
      }),
    )
  })

  app.get('/:namespaceName/account/:userId', (c) => {
    const req = validateWire('account', AccountRequestSchema, c.req.param())
    return c.json({ item: accountView(ctx, getAccount(ctx, req.namespaceName, req.userId)) })
  })

  app.delete('/:namespaceName/account/:userId', (c) => {
    const req = validateWire('account', AccountRequestSchema, c.req.param())
    return c.json({ item: accountView(ctx, deleteAccount(ctx, req.namespaceName, req.userId)) })
  })

  app.route('/', takeOverRoutes(ctx))

  return app
}
