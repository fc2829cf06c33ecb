// The same login with the official gs2 package (1.4.21): project token, createAccount,
// authentication, loginBySignature. No cache, no re-authentication, no events.

import { request as accountRequest, Gs2AccountRestClient } from 'gs2/account'
import { request as authRequest, Gs2AuthRestClient } from 'gs2/auth'
import Gs2Core from 'gs2/core'

const keyId = 'grn:gs2:ap-northeast-1:owner:key:default:key:default'
const session = new Gs2Core.Gs2RestSession(
  new Gs2Core.BasicGs2Credential('gs2ez-demo-app', 'gs2ez-demo-app-secret'),
  Gs2Core.Region.AP_NORTHEAST_1,
)
await session.connect()
const account = new Gs2AccountRestClient(session)
const created = await account.createAccount(
  new accountRequest.CreateAccountRequest().withNamespaceName('default'),
)
const signed = await account.authentication(
  new accountRequest.AuthenticationRequest()
    .withNamespaceName('default')
    .withUserId(created.getItem()?.getUserId() ?? null)
    .withPassword(created.getItem()?.getPassword() ?? null)
    .withKeyId(keyId),
)
const token = await new Gs2AuthRestClient(session).loginBySignature(
  new authRequest.LoginBySignatureRequest()
    .withKeyId(keyId)
    .withBody(signed.getBody())
    .withSignature(signed.getSignature()),
)
console.log(token.getToken())
