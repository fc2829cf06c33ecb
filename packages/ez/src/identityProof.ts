/**
 * A fresh statement, signed by GS2, that the player is `userId`: the `body` and `signature` of a
 * GS2-Account `authentication` with the session's own credential, and the GS2-Key `keyId` that
 * signed it. A trusted server checks it by calling GS2-Auth `loginBySignature` with its own
 * credential, then links what it owns (a username, a purchase) to that GS2 user: the gs2ez game
 * server takes it as `gs2Proof` at registration, so a guest who picks a username stays the same
 * player.
 *
 * It is a bearer proof of the account for GS2's freshness window (a few minutes): send it only
 * to your own server, over HTTPS, and make a new one for each use.
 */
export interface IdentityProof {
  readonly userId: string
  readonly keyId: string
  readonly body: string
  readonly signature: string
}
