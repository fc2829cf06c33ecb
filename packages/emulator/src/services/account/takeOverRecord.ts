/**
 * What the emulator keeps for GS2-Account takeover. Three journaled tables: the settings keyed
 * by their owner (the "me" APIs), an index keyed by what a new device types (doTakeOver), and
 * the extra passwords doTakeOver handed to new devices. Keys are JSON arrays, so no value (a
 * userIdentifier may hold any character) can make two keys collide.
 */

/** A takeover setting; `takeOvers` key: `takeOverKey(namespaceName, userId, type)`. */
export interface TakeOverRecord {
  readonly namespaceName: string
  readonly userId: string
  readonly type: number
  readonly userIdentifier: string
  /**
   * `scrypt$N$r$p$salt$hash` of the account-password HMAC of the takeover password: a takeover
   * password is chosen by a person, so it gets a salted, slow hash; never the password itself.
   */
  readonly passwordHash: string
  readonly createdAt: number
  readonly revision: number
}

/** `takeOverIdentifiers` key: `takeOverIdentifierKey(namespaceName, type, userIdentifier)`. */
export interface TakeOverIdentifierRecord {
  readonly userId: string
}

/**
 * Passwords doTakeOver gave new devices when the namespace keeps the old device's password:
 * only hashes of the account password are stored, so the emulator cannot hand out the existing
 * password as GS2 does; each new device gets one of its own instead, which `authentication`
 * accepts as well. `devicePasswords` key: the account key, `{namespaceName}/{userId}`.
 */
export interface DevicePasswordsRecord {
  readonly namespaceName: string
  readonly userId: string
  /** hex HMAC-SHA256(pepper, password), as account passwords; newest last. */
  readonly hashes: readonly string[]
}

export const takeOverKey = (namespaceName: string, userId: string, type: number): string =>
  JSON.stringify([namespaceName, userId, type])

export const takeOverIdentifierKey = (
  namespaceName: string,
  type: number,
  userIdentifier: string,
): string => JSON.stringify([namespaceName, type, userIdentifier])
