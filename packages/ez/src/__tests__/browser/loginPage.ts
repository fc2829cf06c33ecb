// Browser fixture of the Chromium tests: logs in with the public API and exposes what happened
// on `window.__ez`. Everything it needs comes in the query string, so one bundle serves every
// test: endpointTemplate, clientId, clientSecret, and optional jitterMs, marginMs, openTimeoutMs.
import { Gs2AccountAuthenticator, Profile } from '../../index.ts'

export interface EzPageState {
  status: 'loading' | 'ready' | 'error'
  userId?: string | undefined
  token?: string | undefined
  expire?: number | undefined
  error?: string
  /** The session's state machine status (`active`, `refreshing`, `signedOut`, ...). */
  sessionStatus?: string
  /** Every event of the profile, as JSON. */
  events: Record<string, unknown>[]
}

declare global {
  interface Window {
    __ez: EzPageState
    __ezAccessToken: () => Promise<{ token: string; expire: number }>
    __ezLogout: () => Promise<void>
  }
}

const state: EzPageState = { status: 'loading', events: [] }
window.__ez = state

const asJson = (value: unknown): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message } : v,
    ),
  ) as Record<string, unknown>

const params = new URLSearchParams(location.search)
const required = (name: string): string => {
  const value = params.get(name)
  if (value === null) throw new Error(`loginPage needs ?${name}=`)
  return value
}
const optionalNumber = (name: string): number | undefined => {
  const value = params.get(name)
  return value === null ? undefined : Number(value)
}

async function main() {
  const jitterMs = optionalNumber('jitterMs')
  const marginMs = optionalNumber('marginMs')
  const openTimeoutMs = optionalNumber('openTimeoutMs')
  const profile = new Profile({
    clientId: required('clientId'),
    clientSecret: required('clientSecret'),
    endpointTemplate: required('endpointTemplate'),
    reauthentication: {
      ...(jitterMs === undefined ? {} : { jitterMs }),
      ...(marginMs === undefined ? {} : { marginMs }),
    },
    ...(openTimeoutMs === undefined ? {} : { storage: { openTimeoutMs } }),
  })
  profile.events$.subscribe((event) => state.events.push(asJson(event)))
  const session = await profile.login(new Gs2AccountAuthenticator())
  session.accessToken$.subscribe((token) => {
    state.token = token?.token
    state.expire = token?.expire
  })
  session.state$.subscribe((s) => {
    state.sessionStatus = s.status
  })
  state.userId = session.userId
  window.__ezLogout = () => session.logout()
  window.__ezAccessToken = async () => {
    const { token, expire } = await session.getAccessToken()
    return { token, expire }
  }
  state.status = 'ready'
}

main().catch((error: unknown) => {
  state.status = 'error'
  state.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
})
