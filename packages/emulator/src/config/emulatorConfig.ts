import { z } from 'zod'

export const GS2_REGIONS = ['ap-northeast-1', 'us-east-1', 'eu-west-1', 'ap-southeast-1'] as const
export type Gs2Region = (typeof GS2_REGIONS)[number]

const name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only')

const CredentialSchema = z.object({
  clientId: z.string().min(1).max(1024),
  clientSecret: z.string().min(1).max(1024),
  kind: z.enum(['application', 'trusted']),
})

/** The config file (JSON) and the `config` option share this schema. */
export const EmulatorConfigSchema = z.strictObject({
  region: z.enum(GS2_REGIONS).optional(),
  ownerId: name.optional(),
  /** Added to the built-in demo pair, unless `defaultCredentials` is false. */
  credentials: z.array(CredentialSchema).optional(),
  defaultCredentials: z.boolean().optional(),
  projectTokenTtlSeconds: z.number().int().positive().optional(),
  tokenTtlSeconds: z.number().int().positive().optional(),
  /** How old a signed body from `authentication` may be when it reaches loginBySignature. */
  signatureMaxAgeSeconds: z.number().int().positive().optional(),
  accountNamespaces: z.array(name).optional(),
  /**
   * scrypt cost of stored takeover passwords, as log2 N (10-20, default 14: 16 MiB, ~50 ms a
   * hash). Tests that make many takeovers lower it; the stored value carries its cost.
   */
  takeOverPasswordCost: z.number().int().min(10).max(20).optional(),
  /** Account namespaces (created if missing) whose doTakeOver gives the account a new password. */
  changePasswordIfTakeOver: z.array(name).optional(),
  keys: z
    .array(
      z.strictObject({ namespaceName: name, keyName: name, secret: z.string().min(16).optional() }),
    )
    .optional(),
  /** Origins allowed by CORS: exact origins, or with `*` for any port, e.g. `http://localhost:*`. */
  corsOrigins: z.array(z.string().min(1)).optional(),
  /**
   * Host names (the `Host` header, without port) answered besides loopback addresses, IP
   * literals, `localhost`, `*.localhost` and GS2's service hosts: what stops DNS rebinding.
   * `.example.test` (leading dot) allows every subdomain.
   */
  allowedHosts: z
    .array(
      z
        .string()
        .min(1)
        .max(253)
        .regex(/^\.?[a-zA-Z0-9.-]+$/, 'a host name, or .suffix for its subdomains'),
    )
    .max(100)
    .optional(),
  serviceVersion: z.string().min(1).optional(),
})

export type EmulatorConfig = z.input<typeof EmulatorConfigSchema>
export type EmulatorCredential = z.infer<typeof CredentialSchema>

export const DEFAULT_CREDENTIALS: readonly EmulatorCredential[] = [
  { clientId: 'gs2ez-demo-app', clientSecret: 'gs2ez-demo-app-secret', kind: 'application' },
  { clientId: 'gs2ez-demo-server', clientSecret: 'gs2ez-demo-server-secret', kind: 'trusted' },
]

export const DEFAULT_CORS_ORIGINS = [
  'http://localhost:*',
  'https://localhost:*',
  'http://127.0.0.1:*',
  'https://127.0.0.1:*',
  'http://[::1]:*',
]

export interface ResolvedConfig {
  readonly region: Gs2Region
  readonly ownerId: string
  readonly credentials: readonly EmulatorCredential[]
  readonly projectTokenTtlMs: number
  readonly tokenTtlMs: number
  readonly signatureMaxAgeMs: number
  readonly accountNamespaces: readonly string[]
  readonly changePasswordIfTakeOver: readonly string[]
  /** log2 of scrypt's N for takeover passwords. */
  readonly takeOverPasswordCost: number
  readonly keys: readonly { namespaceName: string; keyName: string; secret?: string | undefined }[]
  readonly corsOrigins: readonly string[]
  readonly allowedHosts: readonly string[]
  readonly serviceVersion: string
}

export const resolveConfig = (
  input: EmulatorConfig | undefined,
  overrides: { tokenTtlSeconds?: number | undefined } = {},
): ResolvedConfig => {
  const ttl = overrides.tokenTtlSeconds
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
    throw new TypeError(`invalid tokenTtlSeconds: expected a positive whole number, got ${ttl}`)
  }
  const parsed = EmulatorConfigSchema.safeParse(input ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new TypeError(
      `invalid emulator config at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    )
  }
  const c = parsed.data
  const credentials = [
    ...(c.defaultCredentials === false ? [] : DEFAULT_CREDENTIALS),
    ...(c.credentials ?? []),
  ]
  if (
    !credentials.some((x) => x.kind === 'application') ||
    !credentials.some((x) => x.kind === 'trusted')
  ) {
    throw new TypeError(
      'invalid emulator config at credentials: need one application and one trusted credential',
    )
  }
  return {
    region: c.region ?? 'ap-northeast-1',
    ownerId: c.ownerId ?? 'gs2ez-local',
    credentials,
    projectTokenTtlMs: (c.projectTokenTtlSeconds ?? 3600) * 1000,
    tokenTtlMs: (overrides.tokenTtlSeconds ?? c.tokenTtlSeconds ?? 3600) * 1000,
    signatureMaxAgeMs: (c.signatureMaxAgeSeconds ?? 600) * 1000,
    accountNamespaces: [
      ...new Set([
        'default',
        ...(c.accountNamespaces ?? []),
        ...(c.changePasswordIfTakeOver ?? []),
      ]),
    ],
    changePasswordIfTakeOver: c.changePasswordIfTakeOver ?? [],
    takeOverPasswordCost: c.takeOverPasswordCost ?? 14,
    keys: (c.keys ?? []).some((k) => k.namespaceName === 'default' && k.keyName === 'default')
      ? (c.keys ?? [])
      : [{ namespaceName: 'default', keyName: 'default' }, ...(c.keys ?? [])],
    corsOrigins: c.corsOrigins ?? DEFAULT_CORS_ORIGINS,
    allowedHosts: (c.allowedHosts ?? []).map((h) => h.toLowerCase()),
    serviceVersion: c.serviceVersion ?? '2026.11.0-gs2ez-emulator',
  }
}
