import { Profile, type ProfileOptions } from '../profile.ts'
import type { Gs2Client } from './gs2Client.ts'

/**
 * The facade without keeping a Profile around: `const gs2 = await createGs2Client({ clientId,
 * clientSecret, endpointTemplate })`. Use `Profile` when players log in (sessions, cache,
 * re-authentication); this is for calling the Ez domain APIs directly.
 */
export const createGs2Client = (options: ProfileOptions): Promise<Gs2Client> =>
  new Profile(options).initialize()
