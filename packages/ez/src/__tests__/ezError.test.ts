import { Gs2Error, isGs2Error, ValidationError } from '@gs2ez/core'
import { startRecordingServer } from '@gs2ez/test-utils'
import { describe, expect, test } from 'vitest'
import {
  CredentialsRejectedError,
  DisposedError,
  EZ_ERROR_CODES,
  EzError,
  isEzError,
  ReauthenticationPendingError,
  SignedOutError,
  TokenLifetimeTooShortError,
} from '../ezError.ts'
import { OAuth2Error } from '../oauth2/oauth2Error.ts'
import { emulatorRevoker } from '../revoker.ts'

const token = { token: 't', userId: 'u', expire: 2e12 }

describe('one error family', () => {
  const ezErrors = [
    new SignedOutError('logout'),
    new DisposedError('the session'),
    new CredentialsRejectedError('no'),
    new ReauthenticationPendingError(1, undefined),
    new TokenLifetimeTooShortError(10, 5),
    new OAuth2Error('x', { error: 'invalid_grant', status: 400 }),
  ]

  test.each(ezErrors.map((e) => [e.name, e]))('%s is an EzError and a Gs2Error', (_, error) => {
    expect(error).toBeInstanceOf(EzError)
    expect(error).toBeInstanceOf(Gs2Error)
    expect(isGs2Error(error)).toBe(true)
    expect(isEzError(error)).toBe(true)
    expect(isGs2Error(error, error.name)).toBe(true)
  })

  test('every code the Ez layer detects itself is in the gs2ez.* scheme', () => {
    for (const code of Object.values(EZ_ERROR_CODES)) expect(code).toMatch(/^gs2ez\.[a-z_]+$/)
    for (const error of ezErrors.slice(0, 5)) expect(error.code).toMatch(/^gs2ez\./)
  })

  test('a bad argument is core ValidationError (a Gs2Error, not an Ez-layer one)', () => {
    const error = new ValidationError('bad', { field: 'x' })
    expect(isGs2Error(error, 'ValidationError')).toBe(true)
    expect(isEzError(error)).toBe(false)
    expect(error.code).toBe('gs2ez.validation.invalid')
  })

  test('toJSON keeps the retry time of a pending re-authentication', () => {
    expect(new ReauthenticationPendingError(123, undefined).toJSON()).toMatchObject({
      code: 'gs2ez.reauthentication_pending',
      retryable: true,
      retryAt: 123,
    })
  })
})

describe('emulatorRevoker', () => {
  test('sends the admin token header and fails with an EzError on a refusal', async () => {
    const server = await startRecordingServer((r) =>
      r.headers['x-gs2ez-admin-token'] === 'secret'
        ? { body: { ok: true } }
        : { status: 403, body: { message: 'no' } },
    )
    try {
      const base = server.endpointTemplate.replace('/{service}', '')
      await emulatorRevoker({ url: base, adminToken: 'secret' })({
        token,
        endpointTemplate: undefined,
        region: 'ap-northeast-1',
      })
      expect(server.received[0]).toMatchObject({
        method: 'POST',
        url: '/__emulator/tokens/revoke',
        body: { token: 't' },
      })
      const refused = await emulatorRevoker({ url: base })({
        token,
        endpointTemplate: undefined,
        region: 'ap-northeast-1',
      }).catch((e: unknown) => e)
      expect(isEzError(refused)).toBe(true)
      expect(refused).toMatchObject({ code: 'gs2ez.revoke_failed', status: 403 })
    } finally {
      await server.close()
    }
  })

  test('without any url it is a ValidationError naming url', async () => {
    const error = await emulatorRevoker()({
      token,
      endpointTemplate: undefined,
      region: 'ap-northeast-1',
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'ValidationError', field: 'url' })
  })
})
