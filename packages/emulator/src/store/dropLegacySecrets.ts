import { isLegacyHash } from '../services/account/passwordHash.ts'
import type { EmulatorState } from './emulatorState.ts'

/**
 * Removes, after a replay and before the start-up snapshot is written, what older versions
 * kept that could recompute a credential: duplication-avoider records in the clear (their key
 * held the avoider, from which the pepper derived the password) and the pepper itself once no
 * account hash needs it. Returns what it dropped, for the log.
 */
export const dropLegacySecrets = (state: EmulatorState): { avoiders: number; pepper: boolean } => {
  let avoiders = 0
  for (const [k, v] of state.tables.avoiders) {
    if (v.sealedPassword === undefined || !k.startsWith('avoider:')) {
      state.apply({ t: 'avoiders', k })
      avoiders++
    }
  }
  let pepper = false
  if (state.get('meta', 'meta')) {
    let needed = false
    for (const account of state.tables.accounts.values()) {
      if (isLegacyHash(account.passwordHash)) {
        needed = true
        break
      }
    }
    if (!needed) {
      state.apply({ t: 'meta', k: 'meta' })
      pepper = true
    }
  }
  return { avoiders, pepper }
}
