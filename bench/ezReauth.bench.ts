// 1,000 concurrent game calls land just after the player's token expired. How many
// re-authentication requests reach GS2? With single flight: one authentication + one
// loginBySignature. The baseline is what an SDK without single flight sends when every call
// re-logs in on its own (GS2 TS, Nakama: no dedupe; anchors §6).
import { Gs2AccountRestClient } from '../packages/account/src/index.ts'
import { GetServiceVersionResultSchema, Gs2AuthRestClient } from '../packages/auth/src/index.ts'
import { BasicGs2Credential, Gs2RestSession } from '../packages/core/src/index.ts'
import { startEmulator } from '../packages/emulator/src/index.ts'
import { createMemoryStore, Gs2AccountAuthenticator, Profile } from '../packages/ez/src/index.ts'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'

const CALLS = 1_000
const HOUR = 3_600_000

/** Counts what the client sends, by kind, around the real fetch. */
const countingFetch = () => {
  const counts = { authentication: 0, loginBySignature: 0, api: 0, projectToken: 0, other: 0 }
  const fetchFn: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = new URL(url).pathname
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
    if (method === 'PUT' && path.startsWith('/account/')) counts.authentication++
    else if (path === '/auth/login/signed') counts.loginBySignature++
    else if (path === '/auth/system/version') counts.api++
    else if (path === '/identifier/projectToken/login') counts.projectToken++
    else counts.other++
    return fetch(input, init)
  }
  return { counts, fetchFn }
}

export default defineBenchmark({
  title: 'Ez: requests for 1,000 concurrent calls across a token expiry',
  method:
    'Real emulator over HTTP on 127.0.0.1; a shared manual clock jumps past the token expiry, then ' +
    '1,000 concurrent `session.call()`s each send one GS2 request carrying the access token. ' +
    'Re-authentication requests (authentication + loginBySignature) are counted by a wrapper ' +
    'around the real fetch. Baseline: the same 1,000 calls, each re-logging in first (no single flight).',
  async run(): Promise<readonly Figure[]> {
    let now = Date.UTC(2026, 10, 21, 12, 0, 0)
    const clock = { now: () => now }
    const emulator = await startEmulator({ port: 0, clock })
    const { clientId, clientSecret } = emulator.credentials.application
    try {
      // gs2ez: log in, let the token expire, then 1,000 calls at once.
      const ez = countingFetch()
      const profile = new Profile({
        clientId,
        clientSecret,
        endpointTemplate: emulator.endpointTemplate,
        fetch: ez.fetchFn,
        clock,
        store: createMemoryStore(),
        environment: null,
      })
      const session = await profile.login(new Gs2AccountAuthenticator())
      now += HOUR + 1_000
      const before = { ...ez.counts }
      const api = (rest: Gs2RestSession) => (token: { token: string }) =>
        rest.request({
          service: 'auth',
          method: 'GET',
          path: '/system/version',
          accessToken: token.token,
          schema: GetServiceVersionResultSchema,
        })
      await Promise.all(Array.from({ length: CALLS }, () => session.call(api(profile.restSession))))
      const ezReauth =
        ez.counts.authentication -
        before.authentication +
        (ez.counts.loginBySignature - before.loginBySignature)
      const ezTotal =
        ezReauth + (ez.counts.api - before.api) + (ez.counts.projectToken - before.projectToken)
      await profile.dispose()

      // Baseline: each call re-logs in with the stored credentials, then calls.
      const naive = countingFetch()
      const rest = new Gs2RestSession({
        credential: new BasicGs2Credential(clientId, clientSecret),
        endpointTemplate: emulator.endpointTemplate,
        fetch: naive.fetchFn,
        clock,
        retry: { maxAttempts: 1 },
      })
      const account = new Gs2AccountRestClient(rest)
      const auth = new Gs2AuthRestClient(rest)
      const { item } = await account.createAccount({ namespaceName: 'default' })
      const credentials = {
        namespaceName: 'default',
        userId: item.userId,
        password: item.password ?? '',
      }
      const beforeNaive = { ...naive.counts }
      // Sent in waves of 100: the emulator hashes passwords like a real server, and 1,000
      // simultaneous password checks would only measure timeouts. The count is the same.
      for (let wave = 0; wave < CALLS / 100; wave++) {
        await Promise.all(
          Array.from({ length: 100 }, async () => {
            const signed = await account.authentication(credentials)
            const token = await auth.loginBySignature({
              body: signed.body,
              signature: signed.signature,
            })
            await api(rest)(token)
          }),
        )
      }
      const naiveReauth =
        naive.counts.authentication -
        beforeNaive.authentication +
        (naive.counts.loginBySignature - beforeNaive.loginBySignature)
      const naiveTotal = naiveReauth + (naive.counts.api - beforeNaive.api)
      rest.close()

      return [
        {
          name: 'gs2ez re-authentication requests (authentication + loginBySignature)',
          value: ezReauth,
          unit: 'requests',
          baseline: { name: 'per-call re-login', value: naiveReauth },
          better: 'lower',
          target: { op: '<=', ratio: 2 / (2 * CALLS) },
          note: 'exactly one re-authentication = 2 requests',
        },
        {
          name: 'gs2ez requests in total for the 1,000 calls',
          value: ezTotal,
          unit: 'requests',
          baseline: { name: 'per-call re-login', value: naiveTotal },
          better: 'lower',
        },
      ]
    } finally {
      await emulator.close()
    }
  },
})
