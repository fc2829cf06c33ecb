import { Hono } from 'hono'
import { z } from 'zod'
import type { EmulatorContext } from '../server/emulatorContext.ts'
import { badRequest, notFound } from '../server/emulatorError.ts'
import type { EmulatorEnv } from '../server/honoEnv.ts'
import { validateWire } from '../server/wire.ts'
import { accountKey, isBanned } from '../services/account/accountView.ts'
import { revokeUserTokens } from '../services/auth/accessTokens.ts'
import { hasAccount } from '../services/auth/serverUsers.ts'
import type { AccountRecord, ServerUserRecord } from '../store/records.ts'
import { ADMIN_PAGE, absent, pageOf, pageQuery } from './pageQuery.ts'

export type PlayerKind = 'account' | 'server'
const KINDS: readonly PlayerKind[] = ['account', 'server']

const UserPathSchema = z.object({ userId: z.string().min(1).max(128) })

type Player =
  | { kind: 'account'; account: AccountRecord }
  | { kind: 'server'; user: ServerUserRecord }

/**
 * A player as the dashboard shows it. `account`: a GS2-Account account (a device account);
 * `server`: a user only a trusted server named (auth `login`, `federation`, a time offset token)
 * or the admin API, such as a username player of a game server. An account the server also signs
 * in keeps kind `account` and shows that as `serverSeenAt`.
 */
const playerView = (ctx: EmulatorContext, player: Player) => {
  if (player.kind === 'account') {
    const a = player.account
    const seen = ctx.state.get('serverUsers', a.userId)
    return {
      kind: player.kind,
      userId: a.userId,
      namespaceName: a.namespaceName,
      banned: isBanned(a, ctx.clock.now()),
      createdAt: a.createdAt,
      lastAuthenticatedAt: a.lastAuthenticatedAt,
      serverSeenAt: seen?.lastSeenAt ?? null,
      serverSeenVia: seen?.via ?? null,
    }
  }
  const u = player.user
  return {
    kind: player.kind,
    userId: u.userId,
    namespaceName: null,
    banned: false,
    createdAt: u.firstSeenAt,
    lastAuthenticatedAt: null,
    serverSeenAt: u.lastSeenAt,
    serverSeenVia: u.via,
  }
}

/** Number of users known only through a trusted server (no account in any namespace). */
export const countServerOnlyUsers = (ctx: EmulatorContext): number => {
  let n = 0
  for (const userId of ctx.state.tables.serverUsers.keys()) if (!hasAccount(ctx, userId)) n++
  return n
}

/**
 * `/__emulator/players`: every player the emulator knows, accounts and server-only users in one
 * list, paged like `/accounts` (same limit, cursor and errors) so the dashboard can show both
 * without fetching either table whole. `/accounts` stays as it was.
 */
export const playerRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>({ strict: false })

  app.get('/players', (c) => {
    const namespaceName = c.req.query('namespaceName')
    const kind = c.req.query('kind')
    if (!absent(kind) && !(KINDS as readonly (string | undefined)[]).includes(kind)) {
      throw badRequest('kind', 'emulator.kind.invalid', `kind: one of ${KINDS.join(', ')}`)
    }
    const page = pageQuery((name) => c.req.query(name), ADMIN_PAGE)
    const wants = (k: PlayerKind) => absent(kind) || kind === k
    const matching = function* (): Generator<Player> {
      if (wants('account')) {
        for (const account of ctx.state.tables.accounts.values()) {
          if (absent(namespaceName) || account.namespaceName === namespaceName)
            yield { kind: 'account', account }
        }
      }
      // Server users have no namespace: a namespace filter asks for accounts only.
      if (wants('server') && absent(namespaceName)) {
        for (const user of ctx.state.tables.serverUsers.values()) {
          if (!hasAccount(ctx, user.userId)) yield { kind: 'server', user }
        }
      }
    }
    // The prefixes keep the two kinds' positions apart when a userId is in both tables.
    const { items, nextCursor } = pageOf(
      matching(),
      (p) =>
        p.kind === 'account'
          ? [p.account.createdAt, `a:${accountKey(p.account.namespaceName, p.account.userId)}`]
          : [p.user.firstSeenAt, `s:${p.user.userId}`],
      page,
    )
    return c.json({ items: items.map((p) => playerView(ctx, p)), nextCursor })
  })

  /** Forgets a server user and revokes its tokens; its account, if any, stays. */
  app.delete('/players/:userId', (c) => {
    const { userId } = validateWire('emulator', UserPathSchema, c.req.param())
    const user = ctx.state.get('serverUsers', userId)
    if (!user) {
      throw notFound('userId', 'emulator.player.notFound', `userId: no server user ${userId}`)
    }
    ctx.state.commit([{ t: 'serverUsers', k: userId }])
    return c.json({
      item: playerView(ctx, { kind: 'server', user }),
      revoked: revokeUserTokens(ctx, userId),
    })
  })

  return app
}
