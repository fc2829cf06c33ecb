import { afterEach, expect, test } from 'vitest'
import {
  emailCodeRace,
  sprayBurst,
  totpCodeRace,
  wrongPasswordBurst,
} from './fixtures/raceScenarios.ts'
import { type Stack, startStack } from './fixtures/stack.ts'

// One instance under bursts; multiInstance.postgres.test.ts runs the same with two.
let stack: Stack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

test('40 concurrent wrong passwords: 5 evaluated, 35 answered 429; the right one waits for the lock', async () => {
  stack = await startStack()
  await wrongPasswordBurst(stack, stack)
})

test('40 concurrent guesses at 40 usernames from one address: the address limit holds', async () => {
  stack = await startStack({ limits: { ipMaxFailures: 10 } })
  await sprayBurst(stack, stack, 10)
})

test('8 concurrent grants with one TOTP code yield exactly one token', async () => {
  // A high per-username limit, so all 8 reach the code check: the race is on the TOTP step.
  stack = await startStack({ limits: { loginMaxFailures: 50 } })
  await totpCodeRace(stack, stack)
})

test('8 concurrent grants with one emailed code yield exactly one token', async () => {
  stack = await startStack({ limits: { loginMaxFailures: 50 } })
  await emailCodeRace(stack, stack)
  expect(stack.server.store).toBeDefined()
})
