import { systemClock, systemTimers } from '@gs2ez/core'
import { FakeEnvironment } from '@gs2ez/test-utils'
import { vi } from 'vitest'
import type { AuthenticationReason, AuthenticatorResult } from '../../authenticator.ts'
import type { EzEvent } from '../../ezEvent.ts'
import { GameSession, type GameSessionDependencies } from '../../gameSession.ts'
import { createLocalRefresher } from '../../refresher.ts'
import type { EzSessionState } from '../../sessionState.ts'
import { createMemoryStore } from '../../storage/memoryStore.ts'
import { sessionRecordKeys } from '../../storage/sessionRecords.ts'
import { TokenStore } from '../../storage/tokenStore.ts'

export interface HarnessOptions extends Partial<GameSessionDependencies> {
  ttlMs?: number
  /** Server clock minus device clock. */
  offsetMs?: number
  /** Makes the fake identity provider fail with these errors, one per attempt, first. */
  failures?: unknown[]
  /** Resolve authentications only when the test says so. */
  manual?: boolean
}

/**
 * A session over a fake identity provider that mints `token-N` tokens living `ttlMs` on a
 * server clock `offsetMs` away from the (fake-timer) device clock.
 */
export const createHarness = (options: HarnessOptions = {}) => {
  const ttlMs = options.ttlMs ?? 3_600_000
  const offsetMs = options.offsetMs ?? 0
  const failures = [...(options.failures ?? [])]
  const serverNow = () => Date.now() + offsetMs
  const env = new FakeEnvironment()
  const store = createMemoryStore()
  const cache =
    options.tokens ??
    new TokenStore(
      store,
      sessionRecordKeys({
        endpoint: 'http://x',
        clientId: 'c',
        namespace: 'default',
        authenticator: 'fake',
      }).token,
    )
  let minted = 0
  const pending: { resolve: () => void; reject: (e: unknown) => void }[] = []
  const authenticate = vi.fn(
    async (_reason: AuthenticationReason, _signal: AbortSignal): Promise<AuthenticatorResult> => {
      if (options.manual) {
        await new Promise<void>((resolve, reject) => pending.push({ resolve, reject }))
      }
      const failure = failures.shift()
      if (failure !== undefined) throw failure
      minted += 1
      return { token: `token-${minted}`, userId: 'user-1', expire: serverNow() + ttlMs }
    },
  )
  const events: EzEvent[] = []
  const states: EzSessionState[] = []
  const session = new GameSession({
    authenticate,
    serverClock: { now: serverNow },
    clock: systemClock,
    timers: systemTimers,
    random: () => 0,
    environment: () => env,
    tokens: cache,
    refresher: options.refresher ?? createLocalRefresher(cache),
    ...options,
  })
  session.events$.subscribe((event) => events.push(event))
  session.state$.subscribe((state) => states.push(state))
  return {
    session,
    authenticate,
    env,
    store,
    cache,
    events,
    states,
    serverNow,
    ttlMs,
    pending,
    eventTypes: () => events.map((e) => e.type),
    releaseAll: () => {
      for (const p of pending.splice(0)) p.resolve()
    },
  }
}
