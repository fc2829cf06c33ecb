/**
 * The user's access token as the game sees it (the Unity SDK's EzAccessToken). `expire` is
 * epoch milliseconds on the SERVER clock, as GS2 returned it.
 */
export interface EzAccessToken {
  readonly token: string
  readonly userId: string
  readonly expire: number
  /** Set when this token acts for another user (GS2-Auth federation). */
  readonly federationFromUserId?: string
  /** Seconds the server's "now" is shifted for this user (time offset tokens). */
  readonly timeOffset?: number
}
