import { type RunningEmulator, startEmulator } from '@gs2ez/emulator'
import { IDBFactory } from 'fake-indexeddb'
import { Profile, type ProfileOptions } from '../../profile.ts'
import { openEzStore } from '../../storage/ezStore.ts'
import { FakeEnvironment } from './fakeEnvironment.ts'
import { ManualTime, settle } from './manualTime.ts'

export interface Rig {
  readonly emulator: RunningEmulator
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
  /** fetch with the emulator's admin token added, for an emulatorRevoker's `fetch`. */
  adminFetch: typeof fetch
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
  // The emulator's admin API refuses calls without this run's token.
  const adminHeader = { 'x-gs2ez-admin-token': emulator.adminToken }
  const env = new FakeEnvironment()
  const indexedDB = new IDBFactory()
  const profiles: Profile[] = []
  let inFlight = 0
  time.quiesce = async () => {
    // Quiet = no request in flight across a few turns of the event loop (promise chains that
    // start the next request, fake IndexedDB callbacks).
    for (let quiet = 0; quiet < 5; ) {
      await settle()
      quiet = inFlight === 0 ? quiet + 1 : 0
    }
  }
  const rig: Rig = {
    emulator,
    time,
    env,
    indexedDB,
    requests: [],
    profile(extra = {}) {
      const profile = new Profile({
        clientId: emulator.credentials.application.clientId,
        clientSecret: emulator.credentials.application.clientSecret,
        endpointTemplate: emulator.endpointTemplate,
        fetch: (input, init) => {
          const url =
            typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
          rig.requests.push(
            `${init?.method ?? (input as Request).method ?? 'GET'} ${new URL(url).pathname}`,
          )
          inFlight += 1
          return fetch(input, init).finally(() => {
            inFlight -= 1
          })
        },
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
    adminFetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), ...adminHeader },
      }),
    async served() {
      const response = await fetch(`${emulator.url}/__emulator/requests`, { headers: adminHeader })
      const { items } = (await response.json()) as { items: { method: string; path: string }[] }
      return items.map((i) => `${i.method} ${i.path}`)
    },
    async admin(method, path, body) {
      const response = await fetch(`${emulator.url}/__emulator${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...adminHeader },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      if (!response.ok)
        throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`)
      return response.json()
    },
    async close() {
      await Promise.all(profiles.map((p) => p.dispose()))
      await emulator.close()
    },
  }
  return rig
}
