import type { ResolvedConfig } from '../config/emulatorConfig.ts'
import type { RandomBytes } from '../crypto/secrets.ts'
import type { EmulatorState } from './emulatorState.ts'
import type { Change } from './records.ts'

/**
 * Creates what a fresh emulator has out of the box (the `default` account namespace, the
 * default key) and what the config adds, without touching what already exists.
 */
export const seedState = (
  state: EmulatorState,
  config: ResolvedConfig,
  random: RandomBytes,
  now: number,
): void => {
  const changes: Change[] = []
  for (const name of config.accountNamespaces) {
    const existing = state.get('accountNamespaces', name)
    // The config can turn the takeover switch on, not off: one set at run time stays.
    const strict = config.changePasswordIfTakeOver.includes(name)
    if (!existing) {
      changes.push({
        t: 'accountNamespaces',
        k: name,
        v: { name, description: '', createdAt: now, changePasswordIfTakeOver: strict },
      })
    } else if (strict && existing.changePasswordIfTakeOver !== true) {
      changes.push({
        t: 'accountNamespaces',
        k: name,
        v: { ...existing, changePasswordIfTakeOver: true },
      })
    }
  }
  const keyNamespaces = new Set<string>()
  for (const key of config.keys) {
    if (!state.get('keyNamespaces', key.namespaceName) && !keyNamespaces.has(key.namespaceName)) {
      keyNamespaces.add(key.namespaceName)
      changes.push({
        t: 'keyNamespaces',
        k: key.namespaceName,
        v: { name: key.namespaceName, description: '', createdAt: now },
      })
    }
    const k = `${key.namespaceName}/${key.keyName}`
    const existing = state.get('keys', k)
    const secret = key.secret ? Buffer.from(key.secret).toString('base64') : undefined
    if (!existing || (secret !== undefined && existing.secret !== secret)) {
      changes.push({
        t: 'keys',
        k,
        v: {
          namespaceName: key.namespaceName,
          name: key.keyName,
          description: '',
          secret: secret ?? Buffer.from(random(32)).toString('base64'),
          createdAt: existing?.createdAt ?? now,
        },
      })
    }
  }
  state.commit(changes)
}
