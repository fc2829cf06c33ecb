import type { AccessTokenRecord, ProjectTokenRecord } from '../store/records.ts'

/** Per-request values set by the guards. */
export interface EmulatorEnv {
  Variables: {
    credential: ProjectTokenRecord
    accessToken: AccessTokenRecord | undefined
  }
}
