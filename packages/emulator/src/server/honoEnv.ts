import type { AccessTokenRecord, ProjectTokenRecord } from '../store/records.ts'
import type { NodeBindings } from './requestHeader.ts'

/** Per-request values set by the guards; `c.env` is undefined for in-process requests. */
export interface EmulatorEnv {
  Bindings: Partial<NodeBindings>
  Variables: {
    credential: ProjectTokenRecord
    accessToken: AccessTokenRecord | undefined
  }
}
