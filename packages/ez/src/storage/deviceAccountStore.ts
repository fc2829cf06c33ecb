import { ACCOUNT_LIMITS } from '@gs2ez/account'
import * as z from 'zod/mini'
import type { EzStore } from './ezStore.ts'

/** The anonymous account a device created for itself, kept so the player can log in again. */
export const DeviceAccountSchema = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(ACCOUNT_LIMITS.userId)),
  password: z.string().check(z.minLength(1), z.maxLength(ACCOUNT_LIMITS.password)),
})
export type DeviceAccount = z.infer<typeof DeviceAccountSchema>

export interface DeviceAccountKeyParts {
  endpoint: string
  clientId: string
  namespace: string
}

export const deviceAccountKey = (p: DeviceAccountKeyParts): string =>
  `gs2ez/device-account/v1/${JSON.stringify([p.endpoint, p.clientId, p.namespace])}`

/** Malformed entries are deleted on read, like the token cache's. */
export class DeviceAccountStore {
  constructor(
    readonly store: EzStore,
    readonly key: string,
  ) {}

  async read(): Promise<DeviceAccount | undefined> {
    const stored = await this.store.get(this.key)
    if (stored === undefined) return undefined
    const parsed = DeviceAccountSchema.safeParse(stored)
    if (parsed.success) return parsed.data
    const kept = await this.store.update<unknown>(this.key, (current) =>
      DeviceAccountSchema.safeParse(current).success ? current : undefined,
    )
    return kept === undefined ? undefined : DeviceAccountSchema.parse(kept)
  }

  async write(account: DeviceAccount): Promise<void> {
    await this.store.set(this.key, DeviceAccountSchema.parse(account))
  }

  async clear(): Promise<void> {
    await this.store.del(this.key)
  }
}
