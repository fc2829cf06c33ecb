import { createHash, timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Clock } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import { parseInput } from '../errors/parseInput.ts'
import type { Gs2Gateway } from '../gs2/gs2Gateway.ts'
import type { Queryable } from '../store/database.ts'
import { sha256 } from '../store/ids.ts'
import type { UserRecord } from '../store/records.ts'
import type { UserStore } from '../users/userStore.ts'
import { readJsonObject } from './http.ts'

/** GS2's limits (docs.gs2.io): time offset 0..315360000 s (10 years), policy document 512 KiB. */
const TIME_OFFSET_MAX = 315_360_000
const handle = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })
const timeOffset = z
  .number({ error: 'must be a number of seconds' })
  .int({ error: 'must be a whole number of seconds' })
  .min(0, { error: `must be 0..${TIME_OFFSET_MAX}` })
  .max(TIME_OFFSET_MAX, { error: `must be 0..${TIME_OFFSET_MAX}` })

const FederationSchema = z.strictObject({
  /** The support agent: a registered user (username or user_guid) whose GS2 id acts. */
  agent: handle,
  /** The player to act as: username or user_guid. */
  player: handle,
  policy_document: z.string({ error: 'must be a string' }).max(524_288).optional(),
  time_offset: timeOffset.optional(),
})

const TimeOffsetSchema = z.strictObject({ player: handle, time_offset: timeOffset })

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/**
 * `Authorization: Bearer <adminToken>`, compared as digests: equal length, and constant time
 * whatever the caller sent. Throws 401.
 */
export function requireAdminToken(adminToken: string): (header: string | undefined) => void {
  const expected = digest(adminToken)
  return (header) => {
    const match = /^Bearer (.+)$/i.exec(header ?? '')
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new OAuthError('unauthorized', 'An admin bearer token is required.', { status: 401 })
    }
  }
}

/**
 * Support and QA tools behind `Authorization: Bearer <adminToken>`: a federated token to act as a
 * player, and a time offset token so QA can play a future event as that player.
 */
export function adminRoutes(deps: {
  adminToken: string
  users: UserStore
  gs2: Gs2Gateway
  db: Queryable
  clock: Clock
}): Hono {
  const app = new Hono()
  const assertAdmin = requireAdminToken(deps.adminToken)

  app.use('/admin/*', async (c, next) => {
    assertAdmin(c.req.header('authorization'))
    await next()
  })

  const player = async (value: string, field: string): Promise<UserRecord> => {
    const user = await deps.users.findByHandle(value)
    if (!user) throw new OAuthError('not_found', `${field}: no such user`, { status: 404, field })
    return user
  }

  app.post('/admin/federation', async (c) => {
    const body = parseInput(FederationSchema, await readJsonObject(c))
    const agent = await player(body.agent, 'agent')
    const target = await player(body.player, 'player')
    const token = await deps.gs2.federation({
      originalUserId: agent.gs2UserId,
      userId: target.gs2UserId,
      ...(body.policy_document === undefined ? {} : { policyDocument: body.policy_document }),
      ...(body.time_offset === undefined ? {} : { timeOffset: body.time_offset }),
    })
    c.header('Cache-Control', 'no-store')
    return c.json({
      access_token: token.token,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.floor((token.expire - deps.clock.now()) / 1000)),
      expire: token.expire,
      gs2_user_id: target.gs2UserId,
      user_guid: target.userGuid,
      federation_from_user_id: agent.gs2UserId,
    })
  })

  app.post('/admin/time-offset-tokens', async (c) => {
    const body = parseInput(TimeOffsetSchema, await readJsonObject(c))
    const target = await player(body.player, 'player')
    const token = await deps.gs2.issueTimeOffsetToken({
      userId: target.gs2UserId,
      timeOffset: body.time_offset,
    })
    // Remembered (hashed) so a sign-in with it keeps the offset across refreshes.
    const hash = sha256(token.token)
    await deps.db.query(
      `INSERT INTO time_offset_tokens (hash, user_guid, time_offset, expire) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hash) DO NOTHING`,
      [hash, target.userGuid, body.time_offset, token.expire],
    )
    c.header('Cache-Control', 'no-store')
    return c.json({
      time_offset_token: token.token,
      time_offset: body.time_offset,
      expire: token.expire,
      gs2_user_id: target.gs2UserId,
      user_guid: target.userGuid,
    })
  })

  return app
}
