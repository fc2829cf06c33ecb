import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { JOURNAL_FILE } from '../store/journal.ts'
import { passwordForm, type Stack, startStack, totpAt } from './fixtures/stack.ts'

const KEY = Buffer.alloc(32, 7).toString('base64')
let stack: Stack | undefined
afterEach(() => stack?.close())

test('with an encryptionKey, TOTP secrets are sealed in the journal and still work after a restart', async () => {
  stack = await startStack({ persistent: true, encryptionKey: KEY })
  const registered = await stack.register({
    username: 'xena',
    password: 'xena-password',
    twoFactor: 'totp',
  })
  const secret = (registered.totp as { secret: string }).secret
  const journal = readFileSync(join(stack.server.dataDir ?? '', JOURNAL_FILE), 'utf8')
  expect(journal).not.toContain(secret)
  expect(journal).toContain('aes256gcm:')

  stack = await stack.restart()
  const otp = await totpAt(secret, stack.clock)
  const login = await stack.token(
    passwordForm('xena', 'xena-password', { additional_parameters: JSON.stringify({ otp }) }),
  )
  expect(login.status).toBe(200)
})

test('a restart without the key, or with another one, refuses to start instead of failing at sign-in', async () => {
  stack = await startStack({ persistent: true, encryptionKey: KEY })
  await stack.register({ username: 'yuri', password: 'yuri-password', twoFactor: 'totp' })
  const other = Buffer.alloc(32, 9).toString('base64')
  const dataDir = stack.server.dataDir
  await expect(stack.restart({ encryptionKey: other })).rejects.toThrow(
    'encryptionKey: cannot open',
  )
  // The stack's own cleanup still needs a running server: start it again with the right key.
  const { createGameServer } = await import('../createGameServer.ts')
  expect(() =>
    createGameServer({
      gs2: { clientId: 'x', clientSecret: 'y', endpointTemplate: 'http://127.0.0.1:1/{service}' },
      adminToken: 'an-admin-token-long-enough',
      ...(dataDir === undefined ? {} : { dataDir }),
    }),
  ).toThrow('encryptionKey: cannot open')
  stack = await stack.restart({ encryptionKey: KEY })
  expect((await stack.token(passwordForm('yuri', 'yuri-password'))).status).toBe(202)
})

test('without a key secrets stay readable (dev), and a key can be introduced later', async () => {
  stack = await startStack({ persistent: true })
  const registered = await stack.register({
    username: 'zack',
    password: 'zack-password',
    twoFactor: 'totp',
  })
  const secret = (registered.totp as { secret: string }).secret
  expect(readFileSync(join(stack.server.dataDir ?? '', JOURNAL_FILE), 'utf8')).toContain(secret)
  stack = await stack.restart({ encryptionKey: KEY })
  const otp = await totpAt(secret, stack.clock)
  const login = await stack.token(
    passwordForm('zack', 'zack-password', { additional_parameters: JSON.stringify({ otp }) }),
  )
  expect(login.status).toBe(200)
})
