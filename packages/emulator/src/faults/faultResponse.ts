import { EmulatorError } from '../server/emulatorError.ts'
import type { Fault } from './faultInjector.ts'

/** What an injected status answers: GS2-shaped, with a code that says it was injected. */
export const faultError = (fault: Fault & { status: NonNullable<Fault['status']> }) =>
  new EmulatorError(
    fault.status,
    'emulator',
    'emulator.fault.injected',
    `injected fault ${fault.faultId}: ${fault.status} for ${fault.api ?? `${fault.method ?? '*'} ${fault.path}`}`,
  )

/** What a dropped connection looks like to an in-process caller: fetch's own network failure. */
export const droppedConnection = (fault: Fault): TypeError =>
  new TypeError('fetch failed', {
    cause: new Error(`connection dropped by injected fault ${fault.faultId}`),
  })
