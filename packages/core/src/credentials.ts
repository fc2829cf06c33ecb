/** Client id and secret of a GS2-Identifier user: the session logs in for a project token. */
export class BasicGs2Credential {
  readonly kind = 'basic'
  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  // Keep the secret out of logs and JSON dumps of options.
  toJSON(): Record<string, unknown> {
    return { kind: this.kind, clientId: this.clientId }
  }
}

/** A project token obtained elsewhere: the session uses it as is and never logs in. */
export class ProjectTokenGs2Credential {
  readonly kind = 'projectToken'
  constructor(
    readonly clientId: string,
    readonly projectToken: string,
  ) {}

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, clientId: this.clientId }
  }
}

export type Gs2Credential = BasicGs2Credential | ProjectTokenGs2Credential
