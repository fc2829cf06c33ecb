import { EzError, Gs2AccountAuthenticator } from '@gs2ez/ez'
import { expect, test } from 'vitest'
import { transferErrorText } from '../session/transferErrorText.ts'

test('a wrong password and an unknown code each say which part to check', () => {
  const wrongPassword = new EzError('password: wrong password', {
    code: 'account.password.invalid',
    status: 401,
  })
  expect(transferErrorText(wrongPassword)).toBe(
    'The transfer code and password do not match. Check both and try again.',
  )
  const unknown = new EzError('takeOver: not found', {
    code: 'account.takeOver.notFound',
    status: 404,
  })
  expect(transferErrorText(unknown)).toMatch(/^No player has this transfer code/)
})

test("input the SDK refuses before any request names the part (core's ValidationError)", () => {
  let refused: unknown
  try {
    // A real ValidationError from the SDK: an empty field.
    new Gs2AccountAuthenticator({ account: { userId: 'someone', password: '' } })
  } catch (error) {
    refused = error
  }
  expect((refused as Error).name).toBe('ValidationError')
  expect(transferErrorText(refused)).toMatch(/^That password is not valid/)
  expect(transferErrorText(Object.assign(refused as Error, { field: 'userIdentifier' }))).toMatch(
    /^That transfer code is not valid/,
  )
})

test('an unreachable GS2 says so, like the title screen', () => {
  const down = new EzError('fetch failed', { code: 'gs2ez.network' })
  expect(transferErrorText(down)).toMatch(/Is the emulator running/)
  expect(transferErrorText('odd')).toBe('odd')
})
