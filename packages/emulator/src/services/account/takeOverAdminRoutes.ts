import { Hono } from 'hono'
import { z } from 'zod'
import { ADMIN_PAGE, absent, pageOf, pageQuery } from '../../admin/pageQuery.ts'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { readJsonBody } from '../../server/readBody.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import { namespaceView } from './accountLookup.ts'
import { takeOverKey } from './takeOverRecord.ts'
import { deleteTakeOverChanges, getOwnTakeOver } from './takeOverStore.ts'
import { takeOverView } from './takeOverView.ts'

const SettingsSchema = z.object({ changePasswordIfTakeOver: z.boolean() })
const TakeOverPathSchema = z.object({
  namespaceName: z.string().min(1).max(128),
  userId: z.string().min(1).max(128),
  type: z.int().min(0).max(1024),
})

/**
 * Takeover under `/__emulator/` (mounted by adminRoutes, so it shares their access rules): the
 * settings of every player, the namespace's `changePasswordIfTakeOver` switch, and deleting a
 * setting for a player who lost its password. Never a takeover password: only hashes exist.
 */
export const takeOverAdminRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>({ strict: false })

  app.get('/takeovers', (c) => {
    const filter = c.req.query('namespaceName')
    const wanted = (ns: string) => absent(filter) || ns === filter
    // Paged exactly like /accounts (same parameters, limits and errors): one player's every
    // device setting times 100k players must not travel on each dashboard poll.
    const page = pageQuery((name) => c.req.query(name), ADMIN_PAGE)
    const counts = new Map<string, number>()
    const matching = function* () {
      for (const r of ctx.state.tables.takeOvers.values()) {
        counts.set(r.namespaceName, (counts.get(r.namespaceName) ?? 0) + 1)
        if (wanted(r.namespaceName)) yield r
      }
    }
    const { items, nextCursor } = pageOf(
      matching(),
      (r) => [r.createdAt, takeOverKey(r.namespaceName, r.userId, r.type)],
      page,
    )
    return c.json({
      // Namespaces are few (each one is configured), so they come whole with every page.
      namespaces: [...ctx.state.tables.accountNamespaces.values()]
        .filter((ns) => wanted(ns.name))
        .map((ns) => ({
          name: ns.name,
          changePasswordIfTakeOver: ns.changePasswordIfTakeOver ?? false,
          takeOvers: counts.get(ns.name) ?? 0,
        })),
      items: items.map((r) => ({ namespaceName: r.namespaceName, ...takeOverView(ctx, r) })),
      nextCursor,
    })
  })

  app.patch('/namespaces/:namespaceName', async (c) => {
    const name = c.req.param('namespaceName')
    namespaceView(ctx, name) // 404 for an unknown namespace
    const req = validateWire(
      'emulator',
      SettingsSchema,
      coerceWire(await readJsonBody(c.req.raw), { changePasswordIfTakeOver: 'boolean' }),
    )
    const record = ctx.state.get('accountNamespaces', name)
    if (record) {
      ctx.state.commit([
        {
          t: 'accountNamespaces',
          k: name,
          v: { ...record, changePasswordIfTakeOver: req.changePasswordIfTakeOver },
        },
      ])
    }
    return c.json({ item: namespaceView(ctx, name) })
  })

  app.delete('/takeovers/:namespaceName/:userId/:type', (c) => {
    const path = validateWire(
      'emulator',
      TakeOverPathSchema,
      coerceWire(c.req.param(), { namespaceName: 'string', userId: 'string', type: 'number' }),
    )
    namespaceView(ctx, path.namespaceName)
    const record = getOwnTakeOver(ctx, path.namespaceName, path.userId, path.type)
    ctx.state.commit(deleteTakeOverChanges(record))
    return c.json({ item: takeOverView(ctx, record) })
  })

  return app
}
