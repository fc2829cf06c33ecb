import { expect, test } from 'vitest'
import { DEFAULT_SCRYPT, defaultRandom } from '../config.ts'
import { PasswordHasher } from '../users/passwordHasher.ts'
import { WorkGate } from '../users/workGate.ts'

test('the default cost is scrypt N=2^15, r=8, p=1 with a 16-byte salt, stored in the hash', async () => {
  const hasher = new PasswordHasher(DEFAULT_SCRYPT, defaultRandom)
  const hash = await hasher.hash('correct horse battery')
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
  expect(await hasher.verify('correct horse battery', hash)).toBe(true)
  expect(await hasher.verify('correct horse batterY', hash)).toBe(false)
})

test('per-user salt: one password hashes differently twice; a hash made at another cost still verifies', async () => {
  const cheap = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom)
  const a = await cheap.hash('same-password')
  const b = await cheap.hash('same-password')
  expect(a).not.toBe(b)
  const upgraded = new PasswordHasher({ N: 2 ** 12, r: 8, p: 1 }, defaultRandom)
  expect(await upgraded.verify('same-password', a)).toBe(true)
})

test('passwords are NFKC-normalised: the same word typed with composed or decomposed accents matches', async () => {
  const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom)
  const hash = await hasher.hash('caf\u00e9-password')
  expect(await hasher.verify('cafe\u0301-password', hash)).toBe(true)
})

test('a malformed stored hash never verifies, and unknown users cost a real check', async () => {
  const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom)
  expect(await hasher.verify('x', 'plain-text')).toBe(false)
  expect(await hasher.verify('x', 'bcrypt$1$2$3$4$5')).toBe(false)
  expect(await hasher.verifyNobody('anything')).toBe(false)
})

test('the work gate runs at most N hashes at once, queues M, and answers 503 beyond', async () => {
  const gate = new WorkGate(1, 1)
  const releases: Array<() => void> = []
  const work = () => new Promise<string>((resolve) => releases.push(() => resolve('done')))
  const first = gate.run(work)
  const second = gate.run(work)
  await expect(gate.run(work)).rejects.toMatchObject({
    error: 'temporarily_unavailable',
    status: 503,
    retryAfterSeconds: 1,
  })
  expect([gate.running, gate.queued]).toEqual([1, 1])
  releases[0]?.()
  expect(await first).toBe('done')
  // The queued hash took the slot directly: still one running, none waiting.
  expect([gate.running, gate.queued]).toEqual([1, 0])
  releases[1]?.()
  expect(await second).toBe('done')
  expect([gate.running, gate.queued]).toEqual([0, 0])
})

test('a stored hash with a nonsense cost is refused, not thrown', async () => {
  const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 }, defaultRandom)
  expect(await hasher.verify('x', 'scrypt$abc$8$1$c2FsdA$a2V5')).toBe(false)
})
