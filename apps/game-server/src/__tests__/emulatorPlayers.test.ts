import { afterEach, beforeEach, expect, test } from 'vitest'
import { passwordForm, type Stack, startStack } from './fixtures/stack.ts'

// What the emulator's dashboard sees of this server's players: a username player has no
// GS2-Account account (the server signs it in with the trusted auth login), and must still be
// listed under the dashboard's accounts, marked as a server login.

let stack: Stack
beforeEach(async () => {
  stack = await startStack()
})
afterEach(() => stack.close())

test('a username player signed in through the server is listed by the emulator as a server player', async () => {
  await stack.register({ username: 'dashboard-dora', password: 'dora-password' })
  const login = await stack.token(passwordForm('dashboard-dora', 'dora-password'))
  expect(login.status).toBe(200)
  const gs2UserId = login.body.gs2_user_id as string

  const res = await fetch(`${stack.emulator.url}/__emulator/players?kind=server`, {
    headers: { 'x-gs2ez-admin-token': stack.emulator.adminToken },
  })
  expect(res.status).toBe(200)
  const { items } = (await res.json()) as { items: Array<Record<string, unknown>> }
  expect(items).toContainEqual(
    expect.objectContaining({
      kind: 'server',
      userId: gs2UserId,
      namespaceName: null,
      serverSeenVia: 'login',
    }),
  )
  // It has no GS2-Account account: the accounts listing alone would have missed it.
  const accounts = await fetch(`${stack.emulator.url}/__emulator/accounts`, {
    headers: { 'x-gs2ez-admin-token': stack.emulator.adminToken },
  })
  const listed = (await accounts.json()) as { items: Array<{ userId: string }> }
  expect(listed.items.map((a) => a.userId)).not.toContain(gs2UserId)
})
