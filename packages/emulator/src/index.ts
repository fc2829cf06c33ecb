export type { Clock } from './config/clock.ts'
export type { EmulatorConfig, EmulatorCredential, Gs2Region } from './config/emulatorConfig.ts'
export {
  DEFAULT_CORS_ORIGINS,
  DEFAULT_CREDENTIALS,
  EmulatorConfigSchema,
} from './config/emulatorConfig.ts'
export type { Emulator, EmulatorOptions } from './createEmulator.ts'
export { createEmulator } from './createEmulator.ts'
export type { Gs2ErrorDetail, Gs2Status } from './server/emulatorError.ts'
export { EmulatorError, isEmulatorError } from './server/emulatorError.ts'
export type { EmulatorCredentials, RunningEmulator, StartEmulatorOptions } from './startEmulator.ts'
export { startEmulator } from './startEmulator.ts'
