import type { CredentialKind } from '../store/records.ts'

/** One guarded route, as a service's hono app registers it. */
export interface RouteRef {
  readonly service: string
  readonly method: string
  /** The route's pattern inside its service, e.g. `/:namespaceName/account/:userId`. */
  readonly path: string
}

/**
 * What an application credential (the one a game ships) may call. GS2's ApplicationAccess
 * policy allows "only APIs that do not lead to cheating": what a game client needs to sign a
 * player in and act as that player. Everything that acts on a user id of the caller's choosing
 * (deleting another player, issuing tokens by user id), manages namespaces or keys, or skips
 * the password (auth `login`, `federation`, time offset tokens) needs a trusted credential.
 */
const APPLICATION_ROUTES: readonly string[] = [
  // GS2-Account: create, authenticate (the password is the proof), read (no secret in it).
  'account POST /:namespaceName/account',
  'account PUT /:namespaceName/account/:userId',
  'account GET /:namespaceName/account/:userId',
  // Device migration: the new device proves itself with the takeover password.
  'account POST /:namespaceName/takeover/type/:type',
  // Reads of namespaces and keys: names and dates only (never a key secret), nothing changes.
  'account GET /',
  'account GET /:namespaceName',
  'key GET /',
  'key GET /:namespaceName',
  'key GET /:namespaceName/key',
  'key GET /:namespaceName/key/:keyName',
  // GS2-Auth: the signed body from authentication is the proof.
  'auth POST /login/signed',
  'auth GET /system/version',
]

const allowed = new Set(APPLICATION_ROUTES)

/**
 * Whether a credential of `kind` may call `route`. Routes under `/me` act on the player whose
 * X-GS2-ACCESS-TOKEN the call carries (and fail without one), so a game client may call them.
 */
export const mayCall = (kind: CredentialKind, route: RouteRef): boolean =>
  kind === 'trusted' ||
  allowed.has(`${route.service} ${route.method} ${route.path}`) ||
  (route.service === 'account' && route.path.split('/').includes('me'))
