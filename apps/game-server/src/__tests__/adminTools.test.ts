import { afterEach, beforeEach, expect, test } from 'vitest'
import { DEV_ADMIN_TOKEN } from '../config.ts'
import { createGameServer } from '../createGameServer.ts'
import { ADMIN_TOKEN, CLIENT_ID, passwordForm, type Stack, startStack } from './fixtures/stack.ts'
import { createTestDatabase } from './fixtures/testDatabase.ts'

let stack: Stack
let player: Record<string, unknown>
let agent: Record<string, unknown>
beforeEach(async () => {
  stack = await startStack()
  player = await stack.register({ username: 'ivan', password: 'ivan-password' })
  agent = await stack.register({ username: 'support-sam', password: 'support-password' })
})
afterEach(() => stack.close())

const admin = (path: string, body: unknown, token = ADMIN_TOKEN) =>
  stack.json(path, body, { headers: { authorization: `Bearer ${token}` } })

const gs2IdOf = async (username: string, password: string) =>
  (await stack.token(passwordForm(username, password))).body.gs2_user_id as string

test('admin routes need the admin bearer token', async () => {
  const none = await stack.json('/admin/federation', { agent: 'support-sam', player: 'ivan' })
  expect(none.status).toBe(401)
  expect(none.body).toMatchObject({ error: 'unauthorized' })
  const wrong = await admin(
    '/admin/time-offset-tokens',
    { player: 'ivan', time_offset: 60 },
    'not-the-admin-token',
  )
  expect(wrong.status).toBe(401)
})

test('a support agent gets a federated token to act as the player: federationFromUserId is the agent', async () => {
  const playerGs2 = await gs2IdOf('ivan', 'ivan-password')
  const agentGs2 = await gs2IdOf('support-sam', 'support-password')
  const res = await admin('/admin/federation', { agent: 'support-sam', player: player.user_guid })
  expect(res.status).toBe(200)
  expect(res.body).toMatchObject({
    token_type: 'Bearer',
    gs2_user_id: playerGs2,
    user_guid: player.user_guid,
    federation_from_user_id: agentGs2,
  })
  const tokens = await stack.gs2Tokens(playerGs2)
  const federated = tokens.filter((t) => t.federationFromUserId === agentGs2)
  expect(federated).toHaveLength(1)
  expect(federated[0]?.userId).toBe(playerGs2)
  expect(agent.user_guid).not.toBe(player.user_guid)
})

test('federation for an unknown player is 404 naming the field', async () => {
  const res = await admin('/admin/federation', { agent: 'support-sam', player: 'nobody-here' })
  expect(res.status).toBe(404)
  expect(res.body).toMatchObject({ error: 'not_found', field: 'player' })
})

test('QA gets a time offset token; signing in with it runs the session a day ahead, refreshes included', async () => {
  const issued = await admin('/admin/time-offset-tokens', { player: 'ivan', time_offset: 86_400 })
  expect(issued.status).toBe(200)
  expect(issued.body).toMatchObject({ time_offset: 86_400, user_guid: player.user_guid })
  const timeOffsetToken = issued.body.time_offset_token as string
  expect(timeOffsetToken.length).toBeGreaterThan(0)

  const login = await stack.token(
    passwordForm('ivan', 'ivan-password', {
      additional_parameters: JSON.stringify({ time_offset_token: timeOffsetToken }),
    }),
  )
  expect(login.status).toBe(200)
  expect(login.body.time_offset).toBe(86_400)
  const gs2UserId = login.body.gs2_user_id as string
  expect((await stack.gs2Tokens(gs2UserId)).map((t) => t.timeOffset)).toEqual([86_400])

  const refreshed = await stack.token({
    client_id: CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: login.body.refresh_token as string,
  })
  expect(refreshed.body.time_offset).toBe(86_400)
  expect((await stack.gs2Tokens(gs2UserId)).map((t) => t.timeOffset)).toEqual([86_400, 86_400])

  // A plain sign-in of the same player stays at the real time.
  const plain = await stack.token(passwordForm('ivan', 'ivan-password'))
  expect(plain.body.time_offset).toBeUndefined()
})

test("a time offset token is bound to its player: another player's sign-in with it is refused", async () => {
  const issued = await admin('/admin/time-offset-tokens', { player: 'ivan', time_offset: 3600 })
  const res = await stack.token(
    passwordForm('support-sam', 'support-password', {
      additional_parameters: JSON.stringify({ time_offset_token: issued.body.time_offset_token }),
    }),
  )
  expect(res.status).toBe(400)
  expect(res.body).toMatchObject({
    error: 'invalid_grant',
    error_reason: 'time_offset_token_invalid',
  })
})

test('a time offset outside GS2 limits (0..315360000 s) is a 400 naming time_offset', async () => {
  for (const time_offset of [-1, 315_360_001, 1.5, '60']) {
    const res = await admin('/admin/time-offset-tokens', { player: 'ivan', time_offset })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'invalid_request', field: 'time_offset' })
  }
})

test('the public dev admin token is refused unless the server binds to loopback', async () => {
  const database = await createTestDatabase()
  const db = await database.open()
  const server = await createGameServer({
    gs2: { clientId: 'x', clientSecret: 'y', endpointTemplate: 'http://127.0.0.1:1/{service}' },
    adminToken: DEV_ADMIN_TOKEN,
    database: db,
  })
  try {
    await expect(server.listen(0, '0.0.0.0')).rejects.toThrow('only works on loopback')
    const local = await server.listen(0, '127.0.0.1')
    expect((await fetch(`${local.url}/health`)).status).toBe(200)
  } finally {
    await server.close()
    await db.close()
    await database.drop()
  }
})
