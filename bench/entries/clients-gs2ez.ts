// The smallest real login with gs2ez's REST clients: project token, GS2-Account authentication,
// GS2-Auth loginBySignature. Same steps as clients-official.ts.

import { Gs2AccountRestClient } from '../../packages/account/src/index.ts'
import { Gs2AuthRestClient } from '../../packages/auth/src/index.ts'
import { BasicGs2Credential, Gs2RestSession } from '../../packages/core/src/index.ts'

const userId = localStorage.getItem('userId') ?? ''
const password = localStorage.getItem('password') ?? ''

const session = new Gs2RestSession({
  credential: new BasicGs2Credential('gs2ez-demo-app', 'gs2ez-demo-app-secret'),
  region: 'ap-northeast-1',
})
await session.connect()
const signed = await new Gs2AccountRestClient(session).authentication({
  namespaceName: 'default',
  userId,
  password,
})
const token = await new Gs2AuthRestClient(session).loginBySignature({
  body: signed.body,
  signature: signed.signature,
})
console.log(token.token)
