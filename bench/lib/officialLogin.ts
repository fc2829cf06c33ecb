// The official gs2 1.4.21 client making the four calls of a first-run login, the one copy:
// coldLogin.bench.ts times it and entries/ez-compare-gs2.ts bundles it for bundleEz.bench.ts.
// Kept apart because the gs2 package ships .ts sources that do not pass our strict settings:
// bench/tsconfig.json excludes this file and that entry, and coldLogin.bench.ts loads it
// dynamically.
import { request as accountRequest, Gs2AccountRestClient } from 'gs2/account'
import { request as authRequest, Gs2AuthRestClient } from 'gs2/auth'
import Gs2CoreModule from 'gs2/core'
import { Gs2Constant } from 'gs2/core/model'

// gs2 is CommonJS: under Node's ESM loader its `export default` arrives as `.default`.
const Gs2Core =
  (Gs2CoreModule as unknown as { default?: typeof Gs2CoreModule }).default ?? Gs2CoreModule

/** Points the official client at `endpointTemplate` (e.g. the emulator); returns the undo. */
export const useEndpoint = (endpointTemplate: string) => {
  const saved = Gs2Constant.ENDPOINT_HOST
  Gs2Constant.ENDPOINT_HOST = endpointTemplate
  return () => {
    Gs2Constant.ENDPOINT_HOST = saved
  }
}

export const officialLogin = async (
  clientId: string,
  clientSecret: string,
  keyId: string,
): Promise<string> => {
  const session = new Gs2Core.Gs2RestSession(
    new Gs2Core.BasicGs2Credential(clientId, clientSecret),
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
  return token.getToken() ?? ''
}
