import { afterEach, beforeEach, expect, test } from 'vitest'
import { DEFAULT_LIMITS, defaultRandom } from '../config.ts'
import { OAuthError } from '../errors/oauthError.ts'
import { LoginRateLimiter } from '../oauth/loginRateLimiter.ts'
import type { Database } from '../store/database.ts'
import { migrate } from '../store/migrations.ts'
import { SecretBox } from '../store/secretBox.ts'
import { ChallengeStore } from '../twoFactor/challengeStore.ts'
import { PasswordHasher } from '../users/passwordHasher.ts'
import { UserStore } from '../users/userStore.ts'
import { ManualClock } from './fixtures/stack.ts'
import { createTestDatabase, type TestDatabase } from './fixtures/testDatabase.ts'

// The statements that decide races, hit at once without HTTP or scrypt in between: each must
// let exactly one caller through, whatever the interleaving.
let database: TestDatabase
let db: Database
const clock = new ManualClock()
beforeEach(async () => {
  database = await createTestDatabase()
  db = await database.open()
  await migrate(db)
})
afterEach(async () => {
  await db.close()
  await database.drop()
})

const userStore = () =>
  new UserStore(
    db,
    new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom),
    clock,
    defaultRandom,
    'gs2ez',
    new SecretBox(undefined, defaultRandom),
  )

test('a TOTP time step is claimed once, and never again at or below the last one', async () => {
  const users = userStore()
  const { user } = await users.register({ username: 'tia', password: 'tia-password' })
  const claims = await Promise.all(
    Array.from({ length: 12 }, () => users.claimTotpStep(user.userGuid, 1000)),
  )
  expect(claims.filter(Boolean)).toHaveLength(1)
  expect(await users.claimTotpStep(user.userGuid, 999)).toBe(false)
  expect(await users.claimTotpStep(user.userGuid, 1001)).toBe(true)
})

test('a challenge is consumed once; its attempts are taken one at a time down to zero', async () => {
  const users = userStore()
  const { user } = await users.register({ username: 'cho', password: 'cho-password' })
  const challenges = new ChallengeStore(db, clock, defaultRandom)
  const base = { userGuid: user.userGuid, kind: 'email' as const, codeHash: 'h', scope: 'gs2' }
  const token = await challenges.create({
    ...base,
    expiresAt: clock.now() + 60_000,
    attempts: 5,
    timeOffsetToken: undefined,
  })
  const taken = await Promise.all(Array.from({ length: 8 }, () => challenges.takeAttempt(token)))
  expect(taken.sort()).toEqual([0, 1, 2, 3, 4, undefined, undefined, undefined])
  const consumed = await Promise.all(Array.from({ length: 8 }, () => challenges.consume(token)))
  expect(consumed.filter(Boolean)).toHaveLength(1)
})

test('the rate limiter reserves at most maxFailures attempts at once; the failure that fills it locks', async () => {
  const limiter = new LoginRateLimiter(db, clock, {
    maxFailures: 5,
    windowMs: DEFAULT_LIMITS.loginWindowMs,
    lockoutMs: 60_000,
    subject: 'this username',
    namespace: 'user',
    successClears: true,
  })
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => limiter.reserve('bob')))
  const reserved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  expect(reserved).toHaveLength(5)
  for (const r of results) {
    if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(OAuthError)
  }
  // A neutral end frees a slot without counting; failures fill the limit and lock.
  await reserved[0]?.settle('neutral')
  const again = await limiter.reserve('bob')
  for (const attempt of [again, ...reserved.slice(1)]) await attempt.settle('failure')
  await expect(limiter.reserve('bob')).rejects.toMatchObject({
    status: 429,
    retryAfterSeconds: 60,
  })
  clock.advance(60_000)
  const afterLock = await limiter.reserve('bob')
  await afterLock.settle('success')
})
