// Warm start of a web game: a page load whose login finds the token cached in IndexedDB.
// `profile.login()` + `getAccessToken()` as a game runs them on every load; the time is
// performance.now() (ms since navigation start) when the token is in hand.
import { Gs2AccountAuthenticator, Profile } from '../../packages/ez/src/index.ts'

const params = new URLSearchParams(location.search)
const profile = new Profile({
  clientId: 'gs2ez-demo-app',
  clientSecret: 'gs2ez-demo-app-secret',
  endpointTemplate: params.get('endpoint') ?? '',
})
const session = await profile.login(new Gs2AccountAuthenticator())
const token = await session.getAccessToken()
;(globalThis as { __result?: unknown }).__result = { ms: performance.now(), userId: token.userId }
