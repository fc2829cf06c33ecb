import type { GameSession, Profile } from '@gs2ez/ez'

// Issue 16's takeover API, as fixed by its contract, until @gs2ez/ez ships it: the demo is
// written against these two calls and switches to the SDK's own types when they land.

/** What the player writes down or copies to move their account; both parts must be typed. */
export interface TransferCode {
  readonly type: number
  readonly userIdentifier: string
  readonly password: string
}

interface TransferCodeSession {
  createTransferCode(options?: { type?: number; namespaceName?: string }): Promise<TransferCode>
}

interface TakeOverProfile {
  takeOver(options: {
    namespaceName: string
    type?: number
    userIdentifier: string
    password: string
  }): Promise<GameSession>
}

export function createTransferCode(
  session: GameSession,
  namespaceName: string,
): Promise<TransferCode> {
  return (session as unknown as TransferCodeSession).createTransferCode({ namespaceName })
}

export function takeOver(
  profile: Profile,
  options: { namespaceName: string; userIdentifier: string; password: string },
): Promise<GameSession> {
  return (profile as unknown as TakeOverProfile).takeOver(options)
}
