// A new device recovers a player's account: doTakeOver, then authentication + loginBySignature
// with the password it answers (GS2's sample flow, what issue 16's Profile.takeOver sends). Next
// to it, in the same run against the same emulator: a first-run login (createAccount in place of
// doTakeOver) and a returning device's login (authentication + loginBySignature with stored
// credentials). Every login starts a fresh session, as a new launch does, so each fetches its
// project token. Requests are counted from the emulator's request log: what GS2 would see.
import { Gs2AccountRestClient } from '../packages/account/src/index.ts'
import { Gs2AuthRestClient } from '../packages/auth/src/index.ts'
import { BasicGs2Credential, Gs2RestSession } from '../packages/core/src/index.ts'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'
import { type BenchChild, startBenchChild } from './lib/emulatorChild.ts'

const RUNS = 30
const WARMUP = 3
const CLIENT_ID = 'gs2ez-demo-app'
const CLIENT_SECRET = 'gs2ez-demo-app-secret'
// changePasswordIfTakeOver is on for this namespace (emulatorBenchServer.ts): every doTakeOver
// hands out a new password, so one takeover setting serves every run.
const NAMESPACE = 'takeover'
const TAKE_OVER = {
  namespaceName: NAMESPACE,
  type: 0,
  userIdentifier: 'bench-player@example.test',
  password: 'a transfer code the player chose',
}
// The emulator's request log is a ring of 500: every run must fit, or counts would be lost.
const LOG_CAPACITY = 500

type FlowName = 'takeOver' | 'firstRun' | 'returning'

const FLOWS: readonly { name: FlowName; label: string }[] = [
  {
    name: 'takeOver',
    label: 'takeover round trip (doTakeOver + authentication + loginBySignature)',
  },
  {
    name: 'firstRun',
    label: 'first-run login (createAccount + authentication + loginBySignature)',
  },
  { name: 'returning', label: 'returning-device login (authentication + loginBySignature)' },
]

interface LogEntry {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly durationMs: number
}

interface Samples {
  readonly ms: number[]
  readonly requests: number[]
  /** Sum of the emulator's own durations for the login's requests. */
  readonly serverMs: number[]
  readonly clientMs: number[]
  /** The requests of one login, for the report. */
  paths: string
}
const newSamples = (): Samples => ({ ms: [], requests: [], serverMs: [], clientMs: [], paths: '' })

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const round = (ms: number) => Math.round(ms * 100) / 100

/** Every request the emulator served so far, oldest first (admin calls are not logged). */
const requestLog = async (child: BenchChild): Promise<LogEntry[]> => {
  const res = await fetch(`${child.setupUrl}/__emulator/requests?limit=${LOG_CAPACITY}`, {
    headers: { 'x-gs2ez-admin-token': child.adminToken },
  })
  if (res.status !== 200) throw new Error(`request log: ${res.status} ${await res.text()}`)
  const { items } = (await res.json()) as { items: LogEntry[] }
  if (items.length >= LOG_CAPACITY) {
    throw new Error(`the emulator's request log is full (${LOG_CAPACITY}): lower RUNS`)
  }
  return items
}

/** A device on its first launch: no project token yet. */
const newDevice = (endpointTemplate: string) => {
  const rest = new Gs2RestSession({
    credential: new BasicGs2Credential(CLIENT_ID, CLIENT_SECRET),
    endpointTemplate,
  })
  return { rest, account: new Gs2AccountRestClient(rest), auth: new Gs2AuthRestClient(rest) }
}
type Device = ReturnType<typeof newDevice>

const logIn = async (device: Device, userId: string, password: string | null | undefined) => {
  if (!password) throw new Error(`no password for ${userId}`)
  const signed = await device.account.authentication({ namespaceName: NAMESPACE, userId, password })
  const token = await device.auth.loginBySignature({
    body: signed.body,
    signature: signed.signature,
  })
  if (!token.token) throw new Error('loginBySignature produced no token')
  return token.token
}

export default defineBenchmark({
  title: 'Account takeover round trip vs a cold login (requests and wall time)',
  method:
    'The emulator in a child process on 127.0.0.1, namespace with changePasswordIfTakeOver. With ' +
    'the @gs2ez/account and @gs2ez/auth clients on a fresh session each time (project token ' +
    'included): a takeover round trip (doTakeOver, then authentication + loginBySignature with the ' +
    'password it answers), a first-run login (createAccount instead of doTakeOver) and a ' +
    'returning-device login (stored userId/password), rotating which goes first; ' +
    `${WARMUP} warm-up rounds, then the median of ${RUNS} each. Requests and server time per ` +
    "login come from the emulator's request log.",
  async run(): Promise<readonly Figure[]> {
    const child = await startBenchChild('emulator')
    const endpointTemplate = `${child.url}/{service}`
    try {
      // Setup, not timed: the player registers a takeover setting on their old device, and a
      // returning device keeps the credentials of an account of its own.
      const setup = newDevice(endpointTemplate)
      const owner = (await setup.account.createAccount({ namespaceName: NAMESPACE })).item
      const ownerToken = await logIn(setup, owner.userId, owner.password)
      await setup.account.createTakeOver({ ...TAKE_OVER, accessToken: ownerToken })
      const stored = (await setup.account.createAccount({ namespaceName: NAMESPACE })).item
      setup.rest.close()

      const flows: Record<FlowName, (device: Device) => Promise<void>> = {
        takeOver: async (device) => {
          const { item } = await device.account.doTakeOver(TAKE_OVER)
          if (item.userId !== owner.userId) throw new Error('doTakeOver answered another account')
          await logIn(device, item.userId, item.password)
        },
        firstRun: async (device) => {
          const { item } = await device.account.createAccount({ namespaceName: NAMESPACE })
          await logIn(device, item.userId, item.password)
        },
        returning: async (device) => {
          await logIn(device, stored.userId, stored.password)
        },
      }

      const samples: Record<FlowName, Samples> = {
        takeOver: newSamples(),
        firstRun: newSamples(),
        returning: newSamples(),
      }
      let logged = (await requestLog(child)).length
      for (let i = 0; i < WARMUP + RUNS; i++) {
        // Rotate the order so no flow always runs first (or right after another's scrypt).
        const order = [...FLOWS.slice(i % FLOWS.length), ...FLOWS.slice(0, i % FLOWS.length)]
        for (const { name } of order) {
          const started = performance.now()
          const device = newDevice(endpointTemplate)
          let ms: number
          try {
            await flows[name](device)
            ms = performance.now() - started
          } finally {
            device.rest.close()
          }
          const log = await requestLog(child)
          const mine = log.slice(logged)
          logged = log.length
          const failed = mine.filter((entry) => entry.status !== 200)
          if (failed.length > 0) {
            throw new Error(
              `${name}: ${failed.map((e) => `${e.method} ${e.path} ${e.status}`).join(', ')}`,
            )
          }
          if (i < WARMUP) continue
          const sample = samples[name]
          sample.ms.push(ms)
          sample.requests.push(mine.length)
          const serverMs = mine.reduce((sum, entry) => sum + entry.durationMs, 0)
          sample.serverMs.push(serverMs)
          sample.clientMs.push(ms - serverMs)
          sample.paths ||= mine
            .map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, '{userId}')}`)
            .join(', ')
        }
      }

      const summary = (name: FlowName) => {
        const s = samples[name]
        const requests = median(s.requests)
        return {
          ms: round(median(s.ms)),
          requests,
          spread:
            `wall min ${round(Math.min(...s.ms))} / max ${round(Math.max(...s.ms))} ms, ` +
            `median server time (request log) ${round(median(s.serverMs))} ms, ` +
            `wall minus server ${round(median(s.clientMs))} ms` +
            (Math.min(...s.requests) === Math.max(...s.requests)
              ? ''
              : `, requests varied ${Math.min(...s.requests)}..${Math.max(...s.requests)}`),
          paths: s.paths,
        }
      }
      const takeOver = summary('takeOver')
      const firstRun = summary('firstRun')
      const returning = summary('returning')
      return [
        {
          name: 'takeover round trip, requests',
          value: takeOver.requests,
          unit: 'requests',
          baseline: { name: 'first-run login (createAccount)', value: firstRun.requests },
          better: 'lower',
          target: { op: '<=', ratio: 1 },
          note: `takeover sends ${takeOver.paths}; first run sends ${firstRun.paths}`,
        },
        {
          name: 'takeover round trip, requests vs a returning device',
          value: takeOver.requests,
          unit: 'requests',
          baseline: { name: 'returning-device login', value: returning.requests },
          better: 'lower',
          note: `returning device sends ${returning.paths}`,
        },
        {
          name: 'takeover round trip, median wall time',
          value: takeOver.ms,
          unit: 'ms',
          baseline: { name: 'first-run login (createAccount)', value: firstRun.ms },
          better: 'lower',
          note:
            `takeover ${takeOver.spread}; first run ${firstRun.spread}. doTakeOver checks ` +
            'a player-chosen takeover password with scrypt (N=2^14) in the emulator, where ' +
            'createAccount and authentication use one SHA-256 of a server-made random password: that hash, not a request, is the gap',
        },
        {
          name: 'takeover round trip, median wall time vs a returning device',
          value: takeOver.ms,
          unit: 'ms',
          baseline: { name: 'returning-device login', value: returning.ms },
          better: 'lower',
          note: `returning device ${returning.spread}`,
        },
      ]
    } finally {
      await child.stop()
    }
  },
})
