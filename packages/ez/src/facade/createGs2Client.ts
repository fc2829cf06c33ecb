import { Profile, type ProfileOptions } from '../profile.ts'
import { DomainCache } from './domainCache.ts'
import { Gs2Client } from './gs2Client.ts'

// One domain cache per profile, however many facades are made from it.
const caches = new WeakMap<Profile, DomainCache>()

const domainCacheOf = (profile: Profile): DomainCache => {
  let cache = caches.get(profile)
  if (cache === undefined) {
    const created = new DomainCache({
      clock: profile.clock,
      ...(profile.domainCacheTtlMs === undefined ? {} : { ttlMs: profile.domainCacheTtlMs }),
    })
    // What the facade read for a player goes with their logout, as in the Unity SDK.
    profile.events$.subscribe((event) => {
      if (event.type === 'signedOut') created.clear()
    })
    caches.set(profile, created)
    cache = created
  }
  return cache
}

/**
 * The Ez facade (`gs2.Auth.AccessToken().login(...)`, `gs2.Account.Namespace(ns)...`) of a
 * profile, or of a new one made from `options`. Lazy: the project-token login happens with the
 * first request. Kept apart from Profile so a game that only logs players in does not ship it.
 */
export const createGs2Client = async (source: Profile | ProfileOptions): Promise<Gs2Client> => {
  const profile = source instanceof Profile ? source : new Profile(source)
  return new Gs2Client({
    session: profile.restSession,
    auth: profile.authClient,
    account: profile.accountClient,
    domainCache: domainCacheOf(profile),
    // A logged-in player's token is the AccessToken model, as in the Unity SDK.
    liveToken: (userId) =>
      profile.sessions.find((s) => s.userId === userId && s.accessToken !== null)?.accessToken ??
      null,
  })
}
