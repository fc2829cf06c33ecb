import { afterEach, beforeEach, expect, test } from 'vitest'
import { registrationBurst } from './fixtures/raceScenarios.ts'
import { passwordForm, type Stack, startStack } from './fixtures/stack.ts'

let stack: Stack
beforeEach(async () => {
  stack = await startStack()
  await stack.register({ username: 'grace', password: 'grace-password' })
})
afterEach(() => stack.close())

test('5 wrong passwords lock the username: 429 with Retry-After, even for the right password', async () => {
  for (let i = 0; i < 5; i++) {
    expect((await stack.token(passwordForm('grace', `wrong-${i}-password`))).status).toBe(400)
  }
  const locked = await stack.token(passwordForm('grace', 'grace-password'))
  expect(locked.status).toBe(429)
  expect(locked.headers.get('retry-after')).toBe('300')
  expect(locked.body).toMatchObject({ error: 'too_many_requests', retry_after: 300 })

  stack.clock.advance(299_000)
  const stillLocked = await stack.token(passwordForm('GRACE', 'grace-password'))
  expect(stillLocked.status).toBe(429)
  expect(stillLocked.headers.get('retry-after')).toBe('1')

  stack.clock.advance(1_000)
  expect((await stack.token(passwordForm('grace', 'grace-password'))).status).toBe(200)
})

test('failures spread over more than the 15 min window do not lock; a success resets the count', async () => {
  for (let i = 0; i < 4; i++) await stack.token(passwordForm('grace', 'wrong-password'))
  stack.clock.advance(15 * 60_000 + 1)
  expect((await stack.token(passwordForm('grace', 'wrong-password'))).status).toBe(400)
  for (let i = 0; i < 3; i++) await stack.token(passwordForm('grace', 'wrong-password'))
  expect((await stack.token(passwordForm('grace', 'grace-password'))).status).toBe(200)
  for (let i = 0; i < 4; i++) await stack.token(passwordForm('grace', 'wrong-password'))
  expect((await stack.token(passwordForm('grace', 'grace-password'))).status).toBe(200)
})

test('unknown usernames are limited the same way, and other usernames are not affected', async () => {
  for (let i = 0; i < 5; i++) await stack.token(passwordForm('ghost', 'wrong-password'))
  expect((await stack.token(passwordForm('ghost', 'wrong-password'))).status).toBe(429)
  expect((await stack.token(passwordForm('grace', 'grace-password'))).status).toBe(200)
})

test('failures across many usernames from one address lock the address (password spraying)', async () => {
  const spray = await startStack({ limits: { ipMaxFailures: 3 } })
  try {
    await spray.register({ username: 'target', password: 'target-password' })
    for (const name of ['anna', 'bert', 'cleo']) {
      expect((await spray.token(passwordForm(name, 'Password1!'))).status).toBe(400)
    }
    const locked = await spray.token(passwordForm('target', 'target-password'))
    expect(locked.status).toBe(429)
    expect(locked.body.error_description).toContain('from this address')
    expect(locked.headers.get('retry-after')).toBe('300')
    spray.clock.advance(300_000)
    expect((await spray.token(passwordForm('target', 'target-password'))).status).toBe(200)
  } finally {
    await spray.close()
  }
})

test('registrations per address: valid ones count whatever their outcome, then 429 with Retry-After', async () => {
  const signUps = await startStack({ limits: { registerMaxPerAddress: 3 } })
  try {
    const register = (body: Record<string, unknown>) =>
      fetch(`${signUps.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    // Refused input costs nothing: fixing a typo must not use up the address.
    for (let i = 0; i < 5; i++) expect((await register({ username: 'x' })).status).toBe(400)
    expect((await register({ username: 'reg-one', password: 'reg-one-password' })).status).toBe(201)
    // A taken name counts (probing which names exist).
    expect((await register({ username: 'REG-ONE', password: 'other-password' })).status).toBe(409)
    expect((await register({ username: 'reg-two', password: 'reg-two-password' })).status).toBe(201)

    const refused = await register({ username: 'reg-three', password: 'reg-three-password' })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('3600')
    expect(await refused.json()).toMatchObject({ error: 'too_many_requests', retry_after: 3600 })
    // Signing in is another limit: registered players are not locked out.
    expect((await signUps.token(passwordForm('reg-one', 'reg-one-password'))).status).toBe(200)

    signUps.clock.advance(3599_000)
    const still = await register({ username: 'reg-three', password: 'reg-three-password' })
    expect(still.status).toBe(429)
    expect(still.headers.get('retry-after')).toBe('1')
    signUps.clock.advance(1_000)
    expect((await register({ username: 'reg-three', password: 'reg-three-password' })).status).toBe(
      201,
    )
  } finally {
    await signUps.close()
  }
})

test('40 concurrent registrations from one address: the limit holds', async () => {
  const signUps = await startStack({ limits: { registerMaxPerAddress: 5 } })
  try {
    await registrationBurst(signUps, signUps, 5)
  } finally {
    await signUps.close()
  }
})
