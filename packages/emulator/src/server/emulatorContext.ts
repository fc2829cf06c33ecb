import type { Clock } from '../config/clock.ts'
import type { ResolvedConfig } from '../config/emulatorConfig.ts'
import type { RandomBytes } from '../crypto/secrets.ts'
import type { EmulatorState } from '../store/emulatorState.ts'
import type { RequestLog } from './requestLog.ts'

/** What every route handler needs; one per running emulator, no module-level state. */
export interface EmulatorContext {
  readonly config: ResolvedConfig
  readonly state: EmulatorState
  readonly clock: Clock
  readonly random: RandomBytes
  readonly requestLog: RequestLog
  /** Puts the state back to a fresh emulator's (admin reset). */
  reset(): void
}
