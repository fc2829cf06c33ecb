import { afterEach, expect, test } from 'vitest'
import { passwordForm, type Stack, startStack, totpAt } from './fixtures/stack.ts'

const KEY = Buffer.alloc(32, 7).toString('base64')
let stack: Stack | undefined
afterEach(() => stack?.close())

test('with an encryptionKey, TOTP secrets are sealed in the database and still work after a restart', async () => {
  stack = await startStack({ encryptionKey: KEY })
  const registered = await stack.register({
    username: 'xena',
    password: 'xena-password',
    twoFactor: 'totp',
  })
  const secret = (registered.totp as { secret: string }).secret
  const stored = await stack.dump()
  expect(stored).not.toContain(secret)
  expect(stored).toContain('aes256gcm:')

  stack = await stack.restart()
  const otp = await totpAt(secret, stack.clock)
  const login = await stack.token(
    passwordForm('xena', 'xena-password', { additional_parameters: JSON.stringify({ otp }) }),
  )
  expect(login.status).toBe(200)
})

test('a restart without the key, or with another one, refuses to start instead of failing at sign-in', async () => {
  stack = await startStack({ encryptionKey: KEY })
  await stack.register({ username: 'yuri', password: 'yuri-password', twoFactor: 'totp' })
  const other = Buffer.alloc(32, 9).toString('base64')
  await expect(stack.restart({ encryptionKey: other })).rejects.toThrow(
    'encryptionKey: cannot open',
  )
  await expect(stack.restart({ encryptionKey: undefined })).rejects.toThrow(
    'encryptionKey: cannot open',
  )
  stack = await stack.restart({ encryptionKey: KEY })
  expect((await stack.token(passwordForm('yuri', 'yuri-password'))).status).toBe(202)
})

test('without a key secrets stay readable (dev), and a key can be introduced later', async () => {
  stack = await startStack()
  const registered = await stack.register({
    username: 'zack',
    password: 'zack-password',
    twoFactor: 'totp',
  })
  const secret = (registered.totp as { secret: string }).secret
  expect(await stack.dump()).toContain(secret)
  stack = await stack.restart({ encryptionKey: KEY })
  const otp = await totpAt(secret, stack.clock)
  const login = await stack.token(
    passwordForm('zack', 'zack-password', { additional_parameters: JSON.stringify({ otp }) }),
  )
  expect(login.status).toBe(200)
})
