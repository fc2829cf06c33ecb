// The same login with the official gs2 package (1.4.21): project token, createAccount,
// authentication, loginBySignature. No cache, no re-authentication, no events. The calls are
// bench/lib/officialLogin.ts, the code coldLogin.bench.ts times, so the bundle measured is the
// login timed.
import { officialLogin } from '../lib/officialLogin.ts'

const keyId = 'grn:gs2:ap-northeast-1:owner:key:default:key:default'
console.log(await officialLogin('gs2ez-demo-app', 'gs2ez-demo-app-secret', keyId))
