import { isGs2Error, ValidationError } from '@gs2ez/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createGs2Client } from '../facade/createGs2Client.ts'
import { Gs2AccountAuthenticator } from '../gs2AccountAuthenticator.ts'
import { Profile } from '../profile.ts'
import { createMemoryStore } from '../storage/memoryStore.ts'

const base = {
  clientId: 'app',
  clientSecret: 'secret',
  endpointTemplate: 'http://127.0.0.1:1/{service}',
}

describe('Profile lifecycle (Node / SSR)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('does nothing on construction: no request, timer, listener or storage access', () => {
    const fetch = vi.fn()
    const store = createMemoryStore()
    const get = vi.spyOn(store, 'get')
    const environment = { addEventListener: vi.fn(() => () => {}) }
    const profile = new Profile({ ...base, fetch, store, environment })
    void createGs2Client(profile)
    expect(fetch).not.toHaveBeenCalled()
    expect(get).not.toHaveBeenCalled()
    expect(environment.addEventListener).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a custom authenticator logs in with no network at all, and dispose() leaves nothing running', async () => {
    const fetch = vi.fn()
    const listeners = new Set<() => void>()
    const environment = {
      addEventListener: (_: string, l: () => void) => {
        listeners.add(l)
        return () => listeners.delete(l)
      },
    }
    const profile = new Profile({
      ...base,
      fetch,
      store: createMemoryStore(),
      environment,
      crossTab: false,
    })
    const session = await profile.login({
      id: 'static',
      authenticate: async () => ({ token: 't', userId: 'u', expire: Date.now() + 3_600_000 }),
    })
    expect((await session.getAccessToken()).token).toBe('t')
    expect(fetch).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(1)
    expect(listeners.size).toBeGreaterThan(0)
    await profile[Symbol.asyncDispose]()
    expect(vi.getTimerCount()).toBe(0)
    expect(listeners.size).toBe(0)
    await expect(profile.login(new Gs2AccountAuthenticator())).rejects.toMatchObject({
      name: 'DisposedError',
    })
  })

  it('a failed login leaves no session or timer behind', async () => {
    const profile = new Profile({
      ...base,
      store: createMemoryStore(),
      environment: null,
      crossTab: false,
    })
    await expect(
      profile.login({
        authenticate: async () => {
          throw Object.assign(new Error('down'), { status: 503 })
        },
      }),
    ).rejects.toThrow('down')
    expect(vi.getTimerCount()).toBe(0)
  })

  it.each([
    [{ ...base, clientId: '' }, 'clientId'],
    [{ ...base, clientId: 'x'.repeat(1025) }, 'clientId'],
    [{ clientId: 'app' }, 'clientSecret'],
    [{ ...base, endpointTemplate: 'x'.repeat(1025) }, 'endpointTemplate'],
  ])('rejects bad options naming the field (%#)', (options, field) => {
    try {
      new Profile(options as never)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError)
      expect(isGs2Error(error, 'ValidationError') && (error as ValidationError).field).toBe(field)
    }
  })

  it.each([
    [{ namespaceName: '' }, 'namespaceName'],
    [{ namespaceName: 'n'.repeat(129) }, 'namespaceName'],
    [{ keyId: 'k'.repeat(1025) }, 'keyId'],
    [{ account: { userId: 'u'.repeat(129), password: 'p' } }, 'account.userId'],
    [{ account: { userId: 'u', password: 'p'.repeat(129) } }, 'account.password'],
  ])(
    'Gs2AccountAuthenticator rejects bad options naming the field and limit (%#)',
    (options, field) => {
      expect(() => new Gs2AccountAuthenticator(options)).toThrow(expect.objectContaining({ field }))
    },
  )

  it('refuses a login without an authenticator', async () => {
    const profile = new Profile({ ...base, store: createMemoryStore() })
    await expect(profile.login({} as never)).rejects.toMatchObject({ field: 'authenticator' })
  })
})

describe('Profile.login called twice', () => {
  it('shares one login for the same credential (StrictMode double effects)', async () => {
    const authenticate = vi.fn(async () => ({
      token: 't',
      userId: 'u',
      expire: Date.now() + 3_600_000,
    }))
    const profile = new Profile({
      ...base,
      store: createMemoryStore(),
      environment: null,
      crossTab: false,
    })
    const [a, b] = await Promise.all([
      profile.login({ id: 'x', authenticate }),
      profile.login({ id: 'x', authenticate }),
    ])
    expect(a).toBe(b)
    expect(authenticate).toHaveBeenCalledTimes(1)
    await a.logout()
    const c = await profile.login({ id: 'x', authenticate })
    expect(c).not.toBe(a)
    expect(authenticate).toHaveBeenCalledTimes(2)
    await profile.dispose()
  })

  it('lets a new login start after a failed one', async () => {
    const profile = new Profile({
      ...base,
      store: createMemoryStore(),
      environment: null,
      crossTab: false,
    })
    const failing = { id: 'y', authenticate: async () => Promise.reject(new Error('down')) }
    await expect(profile.login(failing)).rejects.toThrow('down')
    const session = await profile.login({
      id: 'y',
      authenticate: async () => ({ token: 't', userId: 'u', expire: Date.now() + 3_600_000 }),
    })
    expect(session.state.status).toBe('active')
    await profile.dispose()
  })
})
