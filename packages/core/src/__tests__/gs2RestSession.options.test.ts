import { describe, expect, it } from 'vitest'
import { BasicGs2Credential, ProjectTokenGs2Credential } from '../credentials.ts'
import { ValidationError } from '../errors/validationError.ts'
import { Gs2RestSession, type Gs2RestSessionOptions } from '../gs2RestSession.ts'

const credential = new BasicGs2Credential('client', 'secret')

const fieldOf = (options: unknown): string => {
  try {
    new Gs2RestSession(options as Gs2RestSessionOptions)
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    return (error as ValidationError).field
  }
  throw new Error('expected a ValidationError')
}

describe('Gs2RestSession options', () => {
  it('builds GS2 endpoints from the default template and region', () => {
    const session = new Gs2RestSession({ credential })
    expect(session.region).toBe('ap-northeast-1')
    expect(session.clientId).toBe('client')
    expect(session.endpoint('auth')).toBe('https://auth.ap-northeast-1.gen2.gs2io.com')
    const us = new Gs2RestSession({ credential, region: 'us-east-1' })
    expect(us.endpoint('account')).toBe('https://account.us-east-1.gen2.gs2io.com')
  })

  it('accepts an emulator template and drops a trailing slash', () => {
    const session = new Gs2RestSession({
      credential,
      endpointTemplate: 'http://127.0.0.1:4000/{service}/',
    })
    expect(session.endpoint('identifier')).toBe('http://127.0.0.1:4000/identifier')
  })

  it('rejects unknown regions and bad templates with typed errors', () => {
    expect(fieldOf({ credential, region: 'mars-1' })).toBe('region')
    expect(fieldOf({ credential, endpointTemplate: 'https://example.com' })).toBe(
      'endpointTemplate',
    )
    expect(fieldOf({ credential, endpointTemplate: 'not a url/{service}' })).toBe(
      'endpointTemplate',
    )
    expect(fieldOf({ credential, endpointTemplate: 'ftp://{service}.example.com' })).toBe(
      'endpointTemplate',
    )
    expect(fieldOf({ credential, endpointTemplate: 'https://{service}.example.com/?a=1' })).toBe(
      'endpointTemplate',
    )
  })

  it('rejects bad credentials, timeouts, retry policies and side effects', () => {
    expect(fieldOf(undefined)).toBe('options')
    expect(fieldOf({ credential: { clientId: 'a', clientSecret: 'b' } })).toBe('credential')
    expect(fieldOf({ credential: new BasicGs2Credential('', 'secret') })).toBe(
      'credential.clientId',
    )
    expect(fieldOf({ credential: new BasicGs2Credential('id', '') })).toBe(
      'credential.clientSecret',
    )
    expect(fieldOf({ credential: new ProjectTokenGs2Credential('id', '') })).toBe(
      'credential.projectToken',
    )
    expect(fieldOf({ credential, timeoutMs: 0 })).toBe('timeoutMs')
    expect(fieldOf({ credential, timeoutMs: 2 ** 31 })).toBe('timeoutMs')
    expect(fieldOf({ credential, retry: { maxAttempts: 0 } })).toBe('maxAttempts')
    expect(fieldOf({ credential, fetch: 'fetch' })).toBe('fetch')
    expect(fieldOf({ credential, random: 1 })).toBe('random')
    expect(fieldOf({ credential, clock: {} })).toBe('clock')
    expect(fieldOf({ credential, timers: { setTimeout() {} } })).toBe('timers')
  })

  it('rejects a bad service name and bad requests before any network call', async () => {
    let fetched = 0
    const session = new Gs2RestSession({
      credential,
      fetch: async () => {
        fetched += 1
        return new Response('{}')
      },
    })
    expect(() => session.endpoint('Auth/x')).toThrow(ValidationError)
    const { z } = await import('zod')
    const schema = z.object({})
    await expect(
      session.request({ service: 'auth', method: 'POST', path: 'login', schema }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'path' })
    await expect(
      session.request({ service: 'auth', method: 'PATCH' as 'POST', path: '/x', schema }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'method' })
    await expect(
      session.request({ service: 'auth', method: 'GET', path: '/x', schema, timeoutMs: -1 }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'timeoutMs' })
    await expect(
      session.request({ service: 'auth', method: 'GET', path: '/x', schema, retry: 1.5 }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'retry' })
    expect(fetched).toBe(0)
  })

  it('keeps the client secret out of JSON', () => {
    expect(JSON.stringify(credential)).not.toContain('secret')
    expect(JSON.stringify(new ProjectTokenGs2Credential('id', 'token-value'))).not.toContain(
      'token-value',
    )
  })
})
