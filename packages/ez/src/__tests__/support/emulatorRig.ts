import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import {
  emulatorAdmin,
  FakeEnvironment,
  ManualTime,
  recordingFetch,
  settle,
} from '@gs2ez/test-utils'
import { IDBFactory } from 'fake-indexeddb'
import { firstValueFrom } from 'rxjs'
import { filter } from 'rxjs/operators'
import type { EzEvent } from '../../ezEvent.ts'
import type { GameSession } from '../../gameSession.ts'
import { Profile, type ProfileOptions } from '../../profile.ts'
import { type EzStore, openEzStore } from '../../storage/ezStore.ts'
import { createMemoryStore } from '../../storage/memoryStore.ts'
import { sessionRecordKeys } from '../../storage/sessionRecords.ts'

export interface Rig {
  readonly emulator: RunningEmulator
  /** The emulator's admin token, when it has one (`emulatorRevoker({ adminToken })`). */
  readonly adminToken: string | undefined
  readonly time: ManualTime
  readonly env: FakeEnvironment
  /** One browser profile's IndexedDB: profiles made by the rig share it, like reloads do. */
  readonly indexedDB: IDBFactory
  /** Requests the SDK sent (a counting wrapper around the real fetch). */
  requests: string[]
  profile(extra?: Partial<ProfileOptions>): Profile
  /** GS2 API requests the emulator received (its own log), e.g. `PUT /account/default/account/u`. */
  served(): Promise<string[]>
  admin(method: string, path: string, body?: unknown): Promise<unknown>
  close(): Promise<void>
}

export const startRig = async (
  options: { tokenTtlSeconds?: number; emulatorSkewMs?: number } = {},
): Promise<Rig> => {
  const time = new ManualTime()
  const emulator = await startEmulator({
    port: 0,
    ...(options.tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds: options.tokenTtlSeconds }),
    clock: time.skewed(options.emulatorSkewMs ?? 0),
  })
  const env = new FakeEnvironment()
  const indexedDB = new IDBFactory()
  const profiles: Profile[] = []
  const sent = recordingFetch()
  const emulatorAdminApi = emulatorAdmin(emulator)
  time.quiesce = async () => {
    // Quiet = no request in flight across a few turns of the event loop (promise chains that
    // start the next request, fake IndexedDB callbacks).
    for (let quiet = 0; quiet < 5; ) {
      await settle()
      quiet = sent.inFlight === 0 ? quiet + 1 : 0
    }
  }
  const rig: Rig = {
    emulator,
    adminToken: (emulator as { adminToken?: string }).adminToken,
    time,
    env,
    indexedDB,
    get requests() {
      return sent.requests
    },
    set requests(value: string[]) {
      sent.requests = value
    },
    profile(extra = {}) {
      const profile = new Profile({
        clientId: emulator.credentials.application.clientId,
        clientSecret: emulator.credentials.application.clientSecret,
        endpointTemplate: emulator.endpointTemplate,
        fetch: sent.fetch,
        clock: time.clock,
        timers: time.timers,
        random: () => 0,
        environment: env,
        // Real timers for the store's own timeouts: the manual clock jumps hours at once.
        ...('storage' in extra ? {} : { store: openEzStore({ indexedDB: () => indexedDB }) }),
        // Node 20 has BroadcastChannel: profiles of one test talk like tabs of one browser.
        ...extra,
      })
      profiles.push(profile)
      return profile
    },
    async served() {
      return (await emulatorAdminApi.requests()).map((r) => `${r.method} ${r.path}`)
    },
    admin: (method, path, body) => emulatorAdminApi.json(method, path, body),
    async close() {
      await Promise.all(profiles.map((p) => p.dispose()))
      await emulator.close()
    },
  }
  return rig
}

/** The requests of (re-)authentications: GS2-Account authentication and loginBySignature. */
export const authPaths = (paths: string[]) =>
  paths.filter((p) => p.startsWith('PUT /account/') || p === 'POST /auth/login/signed')

/** The next event of `type` a session emits. */
export const nextEvent = <T extends EzEvent['type']>(session: GameSession, type: T) =>
  firstValueFrom(
    session.events$.pipe(filter((e): e is Extract<EzEvent, { type: T }> => e.type === type)),
  )

/** A healthy persistent store (it vouches for absence), backed by memory for the test. */
export const healthyStore = (): EzStore => ({ ...createMemoryStore(), kind: 'indexeddb' })

/** The same data, but every read fails (a hung or broken IndexedDB). */
export const failingReads = (store: EzStore): EzStore => ({
  ...store,
  get: () => Promise.reject(new Error('read timed out')),
  update: () => Promise.reject(new Error('read timed out')),
})

/** How many GS2 accounts the emulator holds in `default`: what a fork would raise. */
export const accountCount = async (r: Rig) =>
  ((await r.admin('GET', '/accounts?namespaceName=default')) as { items: unknown[] }).items.length

/** The store key of the device account of `namespace`, as a Profile of the rig writes it. */
export const deviceKey = (r: Rig, namespace = 'default') =>
  sessionRecordKeys({
    endpoint: r.profile().restSession.endpoint('auth'),
    clientId: r.emulator.credentials.application.clientId,
    namespace,
    authenticator: '',
  }).deviceAccount
