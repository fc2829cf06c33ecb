/** The 200 body of POST /oauth/access_token (RFC 6749 §5.1 plus GS2 fields). */
export interface TokenResponse {
  /** A GS2 access token for the player's GS2 user, issued with the trusted credential. */
  readonly access_token: string
  readonly token_type: 'Bearer'
  /** Seconds until `expire`, from this server's clock. */
  readonly expires_in: number
  readonly refresh_token: string
  readonly scope: string
  readonly user_guid: string
  /** The player's GS2 user id (the access token's `userId`). */
  readonly gs2_user_id: string
  /** GS2's expiry of the access token, epoch ms (GS2 AccessToken `expire`). */
  readonly expire: number
  /** Seconds; present when the session runs at a time offset (QA). */
  readonly time_offset?: number
}
