import type { Clock } from '../config/clock.ts'
import type { ResolvedConfig } from '../config/emulatorConfig.ts'
import type { RandomBytes } from '../crypto/secrets.ts'
import type { FaultInjector } from '../faults/faultInjector.ts'
import type { EmulatorState } from '../store/emulatorState.ts'
import type { RequestLog } from './requestLog.ts'

/** What every route handler needs; one per running emulator, no module-level state. */
export interface EmulatorContext {
  readonly config: ResolvedConfig
  readonly state: EmulatorState
  readonly clock: Clock
  readonly random: RandomBytes
  readonly requestLog: RequestLog
  /** Faults the admin API set (`/__emulator/faults`); the server consults it per request. */
  readonly faults: FaultInjector
  /** Waits `ms` (fault delays); real timers unless the options inject another. */
  readonly sleep: (ms: number) => Promise<void>
  /** This run's admin token (`x-gs2ez-admin-token`), also injected into the dashboard page. */
  readonly adminToken: string
  /** Puts the state back to a fresh emulator's (admin reset). */
  reset(): void
}
