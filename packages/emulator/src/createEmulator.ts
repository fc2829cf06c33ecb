import type { Clock } from './config/clock.ts'
import type { EmulatorConfig, ResolvedConfig } from './config/emulatorConfig.ts'
import { resolveConfig } from './config/emulatorConfig.ts'
import { pooledRandomBytes, type RandomBytes, randomToken } from './crypto/secrets.ts'
import { FaultInjector } from './faults/faultInjector.ts'
import { ADMIN_TOKEN_PATTERN } from './server/adminGuard.ts'
import type { EmulatorApp } from './server/createApp.ts'
import { createApp } from './server/createApp.ts'
import type { EmulatorContext } from './server/emulatorContext.ts'
import { RequestLog } from './server/requestLog.ts'
import { dropLegacySecrets } from './store/dropLegacySecrets.ts'
import { EmulatorState } from './store/emulatorState.ts'
import { Journal } from './store/journal.ts'
import { seedState } from './store/seedState.ts'

export interface EmulatorOptions {
  /** Journal directory; the state lives in memory only when absent. */
  dataDir?: string | undefined
  tokenTtlSeconds?: number | undefined
  config?: EmulatorConfig | undefined
  clock?: Clock | undefined
  random?: RandomBytes | undefined
  /** How often expired tokens are dropped from memory (ms). */
  purgeIntervalMs?: number | undefined
  /** How fault delays wait (default: a real timer). */
  sleep?: ((ms: number) => Promise<void>) | undefined
  /** Where unexpected errors go (default console.error). */
  log?: ((error: unknown) => void) | undefined
  /**
   * The admin token every `/__emulator/...` call must carry in `x-gs2ez-admin-token` (16-512
   * printable ASCII characters). Default: random per run, read back from `adminToken`.
   */
  adminToken?: string | undefined
}

export interface Emulator extends EmulatorApp {
  readonly config: ResolvedConfig
  /** This run's admin token: send it as `x-gs2ez-admin-token` to `/__emulator/...`. */
  readonly adminToken: string
  readonly context: EmulatorContext
  close(): void
}

/** Compact at run time once the journal passes this, so a long session's disk use stays bounded. */
const COMPACT_AT_BYTES = 64 * 1024 * 1024

/** The emulator without a socket: state, journal and the fetch handler (used in-process by tests). */
export const createEmulator = (options: EmulatorOptions = {}): Emulator => {
  const config = resolveConfig(options.config, { tokenTtlSeconds: options.tokenTtlSeconds })
  if (options.adminToken !== undefined && !ADMIN_TOKEN_PATTERN.test(options.adminToken)) {
    throw new TypeError('invalid adminToken: expected 16 to 512 printable ASCII characters')
  }
  const clock: Clock = options.clock ?? { now: () => Date.now() }
  const random: RandomBytes = options.random ?? pooledRandomBytes()
  const adminToken = options.adminToken ?? randomToken(random)
  const state = new EmulatorState()
  const journal =
    options.dataDir === undefined
      ? undefined
      : new Journal(options.dataDir, (message) =>
          (options.log ?? ((m: unknown) => console.error('[gs2ez-emulator]', m)))(message),
        )
  journal?.open(state, clock.now(), dropLegacySecrets)
  state.setSink(journal)
  seedState(state, config, random, clock.now())
  const requestLog = new RequestLog()
  const faults = new FaultInjector()
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  const context: EmulatorContext = {
    config,
    state,
    clock,
    random,
    requestLog,
    faults,
    sleep,
    adminToken,
    reset: () => {
      faults.clear()
      state.setSink(undefined)
      state.clear()
      requestLog.clear()
      journal?.compact(state)
      state.setSink(journal)
      seedState(state, config, random, clock.now())
    },
  }

  const purge = () => {
    state.purgeExpired(clock.now())
    if (journal && journal.bytes > COMPACT_AT_BYTES) journal.compact(state)
  }
  const timer = setInterval(purge, options.purgeIntervalMs ?? 60_000)
  timer.unref()

  const app = createApp(context, options.log === undefined ? {} : { log: options.log })
  return {
    ...app,
    config,
    adminToken,
    context,
    close: () => {
      clearInterval(timer)
      state.setSink(undefined)
      journal?.close()
    },
  }
}
