import { afterEach, expect, test } from 'vitest'
import {
  emailCodeRace,
  registrationBurst,
  sprayBurst,
  totpCodeRace,
  wrongPasswordBurst,
} from './fixtures/raceScenarios.ts'
import { CLIENT_ID, passwordForm, type Stack, startStack } from './fixtures/stack.ts'

// Two game-server instances on one PostgreSQL (what two backends behind a load balancer are),
// sharing the emulator and the clock; requests alternate between them.
let a: Stack | undefined
afterEach(async () => {
  await a?.close()
  a = undefined
})

const pair = async (options: Parameters<typeof startStack>[0] = {}) => {
  a = await startStack({ store: 'postgres', ...options })
  const b = await a.addInstance()
  expect(b.url).not.toBe(a.url)
  return [a, b] as const
}

test('two instances: 40 concurrent wrong passwords, 5 evaluated in all, the lock holds on both', async () => {
  await wrongPasswordBurst(...(await pair()))
})

test('two instances: the per-address limit is one count', async () => {
  const [x, y] = await pair({ limits: { ipMaxFailures: 10 } })
  await sprayBurst(x, y, 10)
})

test('two instances: 40 concurrent registrations from one address, one count', async () => {
  await registrationBurst(...(await pair({ limits: { registerMaxPerAddress: 5 } })), 5)
})

test('two instances: 8 concurrent grants with one TOTP code yield exactly one token', async () => {
  await totpCodeRace(...(await pair({ limits: { loginMaxFailures: 50 } })))
})

test('two instances: 8 concurrent grants with one emailed code yield exactly one token', async () => {
  await emailCodeRace(...(await pair({ limits: { loginMaxFailures: 50 } })))
})

test('two instances: refresh rotation and the grace window hold across them', async () => {
  const [x, y] = await pair()
  await x.register({ username: 'heidi', password: 'heidi-password' })
  const refresh = (s: Stack, token: unknown) =>
    s.token({ client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: token as string })

  // Rotated on one instance, replayed on the other within the window: the same successor.
  const login = await x.token(passwordForm('heidi', 'heidi-password'))
  const rotated = await refresh(x, login.body.refresh_token)
  expect(rotated.status).toBe(200)
  x.clock.advance(5_000)
  const replay = await refresh(y, login.body.refresh_token)
  expect(replay.status).toBe(200)
  expect(replay.body.refresh_token).toBe(rotated.body.refresh_token)

  // Two tabs behind a load balancer refresh at once: both get the one successor.
  const other = await y.token(passwordForm('heidi', 'heidi-password'))
  const [p, q] = await Promise.all([
    refresh(x, other.body.refresh_token),
    refresh(y, other.body.refresh_token),
  ])
  expect([p.status, q.status]).toEqual([200, 200])
  expect(p.body.refresh_token).toBe(q.body.refresh_token)
  expect((await refresh(y, p.body.refresh_token)).status).toBe(200)

  // After the window, reuse on either instance revokes the family everywhere.
  x.clock.advance(10_001)
  expect((await refresh(y, login.body.refresh_token)).body).toMatchObject({
    error_reason: 'refresh_token_reused',
  })
  expect((await refresh(x, rotated.body.refresh_token)).body).toMatchObject({
    error_reason: 'refresh_token_revoked',
  })
  // The other sign-in is another family: untouched.
  const third = await x.token(passwordForm('heidi', 'heidi-password'))
  expect((await refresh(y, third.body.refresh_token)).status).toBe(200)
})
