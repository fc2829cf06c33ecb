// bench/entries/ez-profile.ts plus the Phaser plugin: what @gs2ez/phaser adds to a game that
// already ships @gs2ez/ez (Phaser itself is the game's, so it stays external).
import { Gs2AccountAuthenticator, Profile } from '../../packages/ez/src/index.ts'
import { gs2ezPlugin } from '../../packages/phaser/src/index.ts'

const profile = new Profile({
  clientId: 'gs2ez-demo-app',
  clientSecret: 'gs2ez-demo-app-secret',
  endpointTemplate: 'http://127.0.0.1:4000/{service}',
})
const session = await profile.login(new Gs2AccountAuthenticator())
session.accessToken$.subscribe((token) => console.log(token?.userId))
console.log(gs2ezPlugin({ session }))
