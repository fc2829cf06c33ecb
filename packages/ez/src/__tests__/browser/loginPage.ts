// Browser fixture of the Chromium tests: logs in with the public API and exposes what happened
// on `window.__ez`. Everything it needs comes in the query string, so one bundle serves every
// test: endpointTemplate, clientId, clientSecret, and optional jitterMs, marginMs, openTimeoutMs,
// onStorageUnavailable. Like a game, it logs in again when a takeover switched the account.
import { sessionRecordKeys } from '../../advanced.ts'
import {
  type GameSession,
  Gs2AccountAuthenticator,
  Profile,
  type TransferCode,
} from '../../index.ts'

export interface EzPageState {
  status: 'loading' | 'ready' | 'error'
  userId?: string | undefined
  token?: string | undefined
  expire?: number | undefined
  error?: string
  /** The session's state machine status (`active`, `refreshing`, `signedOut`, ...). */
  sessionStatus?: string
  /** The current session plays a temporary account. */
  temporary?: boolean
  /** How many sessions this page has had (a takeover or a switch starts a new one). */
  logins: number
  /** Every event of the profile, as JSON. */
  events: Record<string, unknown>[]
}

declare global {
  interface Window {
    __ez: EzPageState
    __ezAccessToken: () => Promise<{ token: string; expire: number }>
    __ezLogout: () => Promise<void>
    __ezReauthenticate: () => Promise<string>
    __ezCreateTransferCode: (type?: number) => Promise<TransferCode>
    __ezTakeOver: (code: {
      userIdentifier: string
      password: string
      type?: number
    }) => Promise<string>
    __ezStoredUserId: () => Promise<string | undefined>
    __ezTombstones: () => Promise<unknown[]>
  }
}

const state: EzPageState = { status: 'loading', events: [], logins: 0 }
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

const errorText = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

async function main() {
  const jitterMs = optionalNumber('jitterMs')
  const marginMs = optionalNumber('marginMs')
  const openTimeoutMs = optionalNumber('openTimeoutMs')
  const onStorageUnavailable =
    params.get('onStorageUnavailable') === 'temporaryAccount' ? 'temporaryAccount' : 'fail'
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
  let session: GameSession
  const use = (next: GameSession) => {
    session = next
    state.logins += 1
    state.userId = next.userId
    state.temporary = next.temporary
    next.accessToken$.subscribe((token) => {
      if (session === next) {
        state.token = token?.token
        state.expire = token?.expire
      }
    })
    next.state$.subscribe((s) => {
      if (session !== next) return
      state.sessionStatus = s.status
      // What a game does when a takeover (here or in another tab) switched the account.
      if (s.status === 'signedOut' && s.reason === 'switchedAccount') {
        profile.login(new Gs2AccountAuthenticator()).then(use, (error: unknown) => {
          state.error = errorText(error)
        })
      }
    })
  }
  use(await profile.login(new Gs2AccountAuthenticator({ onStorageUnavailable })))
  const keys = sessionRecordKeys({
    endpoint: profile.restSession.endpoint('auth'),
    clientId: required('clientId'),
    namespace: 'default',
    authenticator: '',
  })
  window.__ezLogout = () => session.logout()
  window.__ezAccessToken = async () => {
    const { token, expire } = await session.getAccessToken()
    return { token, expire }
  }
  window.__ezReauthenticate = async () => (await session.reauthenticate()).userId
  window.__ezCreateTransferCode = (type) =>
    session.createTransferCode(type === undefined ? {} : { type })
  window.__ezTakeOver = async (code) => {
    const next = await profile.takeOver({ namespaceName: 'default', ...code })
    if (next !== session) use(next)
    return next.userId as string
  }
  window.__ezStoredUserId = async () =>
    (await profile.store.get<{ userId: string }>(keys.deviceAccount))?.userId
  window.__ezTombstones = async () => [...(await profile.deviceAccountTombstones())]
  state.status = 'ready'
}

main().catch((error: unknown) => {
  state.status = 'error'
  state.error = errorText(error)
})
