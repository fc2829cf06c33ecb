// The whole login a web game ships: Profile + GS2-Account device login + token stream.
import { Gs2AccountAuthenticator, Profile } from '../../packages/ez/src/index.ts'

const profile = new Profile({
  clientId: 'gs2ez-demo-app',
  clientSecret: 'gs2ez-demo-app-secret',
  endpointTemplate: 'http://127.0.0.1:4000/{service}',
})
const session = await profile.login(new Gs2AccountAuthenticator())
session.accessToken$.subscribe((token) => console.log(token?.userId))
