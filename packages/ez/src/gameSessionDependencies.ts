import type { Gs2AccountRestClient } from '@gs2ez/account'
import type { Gs2AuthRestClient } from '@gs2ez/auth'
import type { Clock, Gs2RestSession, Timers } from '@gs2ez/core'
import type { Authenticator, IdentityProofContext } from './authenticator.ts'
import { type CrossTabChannel, createCrossTabRefresher } from './crossTabRefresher.ts'
import { browserEnvironment, type EzEnvironment } from './ezEnvironment.ts'
import type { FailureClassifier } from './failurePolicy.ts'
import type { GameSessionDependencies, ReauthenticationOptions } from './gameSession.ts'
import { createLocalRefresher } from './refresher.ts'
import type { Revoker } from './revoker.ts'
import { type SecureRandom, systemSecureRandom } from './secureRandom.ts'
import { ClockOffsetStore } from './storage/clockOffsetStore.ts'
import type { StorageDurability } from './storage/durableStorage.ts'
import type { EzStore } from './storage/ezStore.ts'
import { LeaseStore } from './storage/leaseStore.ts'
import type { SessionRecordScope } from './storage/sessionRecords.ts'
import { sessionRecordKeys } from './storage/sessionRecords.ts'
import { TokenStore } from './storage/tokenStore.ts'

/** Everything a session of one Profile is built from. */
export interface GameSessionParts {
  readonly authenticator: Authenticator
  /** Which records the session owns (`sessionRecordKeys`). */
  readonly scope: SessionRecordScope
  readonly transport: Gs2RestSession
  readonly auth: Gs2AuthRestClient
  readonly account: Gs2AccountRestClient
  readonly store: EzStore
  readonly clock: Clock
  readonly timers: Timers
  readonly random: () => number
  /** Crypto-strong bytes for transfer codes (default Web Crypto). */
  readonly secureRandom?: SecureRandom | undefined
  /** This tab's identity in the cross-tab lease. */
  readonly tabId: string
  /** `null` listens to nothing; undefined means the browser's, read when first needed. */
  readonly environment?: EzEnvironment | null | undefined
  readonly crossTab?:
    | boolean
    | { readonly broadcastChannel?: (name: string) => CrossTabChannel | undefined }
    | undefined
  readonly revoker?: Revoker | undefined
  readonly endpointTemplate?: string | undefined
  readonly classify?: FailureClassifier | undefined
  readonly reauthentication?: Partial<ReauthenticationOptions> | undefined
  /** Report `clockSkewDetected` beyond this offset (default 30 s). */
  readonly clockSkewThresholdMs?: number | undefined
  /** The profile's storage durability reports (`DurableStorage.subscribe`). */
  readonly storageDurability?:
    | ((listener: (durability: StorageDurability) => void) => () => void)
    | undefined
  readonly onEnd?: (() => void) | undefined
}

/**
 * The one place a GameSession's collaborators are wired: the authenticator with its context,
 * core's server clock seeded from the persisted offset, the token record and its refresher
 * (cross-tab unless turned off), the store's degradation notice, revocation and forgetting.
 */
export async function createGameSessionDependencies(
  parts: GameSessionParts,
): Promise<GameSessionDependencies> {
  const { authenticator, scope, transport, store } = parts
  const keys = sessionRecordKeys(scope)
  const tokens = new TokenStore(store, keys.token)
  const clockOffset = new ClockOffsetStore(store, keys.clockOffset)
  // Until this run's first response measures it, expiry is judged with last run's offset.
  transport.serverClock.seed(await clockOffset.read())

  const crossTab = parts.crossTab ?? true
  const refresher =
    crossTab === false
      ? createLocalRefresher(tokens)
      : createCrossTabRefresher({
          tokens,
          lease: new LeaseStore(store, keys.lease, parts.tabId),
          clock: parts.clock,
          timers: parts.timers,
          broadcastChannel: typeof crossTab === 'object' ? crossTab.broadcastChannel : undefined,
        })

  const threshold = parts.clockSkewThresholdMs ?? 30_000
  let reportedSkew = 0
  const context = {
    store,
    endpoint: scope.endpoint,
    clientId: scope.clientId,
  }
  const callContext = (signal: AbortSignal): IdentityProofContext => ({
    ...context,
    transport,
    auth: parts.auth,
    account: parts.account,
    signal,
    now: () => parts.clock.now(),
  })
  const prove = authenticator.proveIdentity?.bind(authenticator)
  const restore = authenticator.restore?.bind(authenticator)
  const writeBack = authenticator.writeBack?.bind(authenticator)
  const { revoker, environment } = parts

  return {
    authenticate: (reason, signal, announce) =>
      authenticator.authenticate({
        ...callContext(signal),
        reason,
        ...(announce === undefined ? {} : { announce }),
      }),
    serverClock: {
      now: () => transport.serverClock.now(),
      errorMs: () => transport.serverClock.errorMs,
      afterAuthentication: () => {
        const clock = transport.serverClock
        if (clock.samples === 0) return undefined
        const offset = clock.offsetMs
        clockOffset.write(offset).catch(() => {})
        if (Math.abs(offset) <= threshold || Math.abs(offset - reportedSkew) <= threshold / 2) {
          return undefined
        }
        reportedSkew = offset
        return offset
      },
    },
    clock: parts.clock,
    timers: parts.timers,
    random: parts.random,
    environment: () => (environment === null ? undefined : (environment ?? browserEnvironment())),
    tokens,
    // The device-account login refuses a cached token of another user than the stored account.
    acceptsCachedToken:
      restore === undefined
        ? undefined
        : (token, signal) => restore(callContext(signal), token.userId),
    refresher,
    revoker:
      revoker === undefined
        ? undefined
        : (token) =>
            revoker({ token, endpointTemplate: parts.endpointTemplate, region: transport.region }),
    forget:
      authenticator.forget === undefined
        ? undefined
        : () => authenticator.forget?.(context) ?? Promise.resolve(),
    classify: parts.classify,
    reauthentication: parts.reauthentication,
    storageDegraded: store.onDegraded?.bind(store),
    storageCleared: store.onCleared?.bind(store),
    writeBack: writeBack === undefined ? undefined : (signal) => writeBack(callContext(signal)),
    storageDurability: parts.storageDurability,
    onEnd: () => {
      refresher.close()
      parts.onEnd?.()
    },
    takeOver: {
      account: parts.account,
      // The device-account login (`gs2-account:<ns>[:<userId>]`) knows the player's namespace.
      namespaceName: authenticator.id?.startsWith('gs2-account:')
        ? authenticator.namespaceName
        : undefined,
      secureRandom: parts.secureRandom ?? systemSecureRandom,
    },
    proveIdentity: prove === undefined ? undefined : (signal) => prove(callContext(signal)),
  }
}
