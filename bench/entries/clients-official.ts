// The same login with the official gs2 package (1.4.21): project token, GS2-Account
// authentication, GS2-Auth loginBySignature. Same steps as clients-gs2ez.ts.

import { request as accountRequest, Gs2AccountRestClient } from 'gs2/account'
import { request as authRequest, Gs2AuthRestClient } from 'gs2/auth'
import Gs2Core from 'gs2/core'

const userId = localStorage.getItem('userId') ?? ''
const password = localStorage.getItem('password') ?? ''
const keyId = 'grn:gs2:ap-northeast-1:owner:key:default:key:default'

const session = new Gs2Core.Gs2RestSession(
  new Gs2Core.BasicGs2Credential('gs2ez-demo-app', 'gs2ez-demo-app-secret'),
  Gs2Core.Region.AP_NORTHEAST_1,
)
await session.connect()
const signed = await new Gs2AccountRestClient(session).authentication(
  new accountRequest.AuthenticationRequest()
    .withNamespaceName('default')
    .withUserId(userId)
    .withPassword(password)
    .withKeyId(keyId),
)
const token = await new Gs2AuthRestClient(session).loginBySignature(
  new authRequest.LoginBySignatureRequest()
    .withKeyId(keyId)
    .withBody(signed.getBody())
    .withSignature(signed.getSignature()),
)
console.log(token.getToken())
