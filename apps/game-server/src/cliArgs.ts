import { parseArgs } from 'node:util'
import { DEV_ADMIN_TOKEN, type GameServerOptions, isLoopbackHost } from './config.ts'

export { DEV_ADMIN_TOKEN }

export const USAGE = `Usage: game-server [options]

  --port <n>               port (default 4100; 0 picks a free one)
  --host <addr>            listen address (default 127.0.0.1)
  --gs2-endpoint <tpl>     GS2 endpoint template (default http://127.0.0.1:4000/{service}, the emulator)
  --gs2-region <region>    GS2 region, for real GS2 (then omit --gs2-endpoint)
  --client-id <id>         trusted GS2 credential (default the emulator's gs2ez-demo-server)
  --client-secret <secret> (default gs2ez-demo-server-secret; or env GS2EZ_CLIENT_SECRET)
  --admin-token <token>    bearer token of /admin (or env GS2EZ_ADMIN_TOKEN; default a public dev
                           token, accepted on a loopback --host only)
  --data <dir>             embedded PGlite database in <dir>/pglite, one instance (default: in memory);
                           an old journal found there is imported once
  --database-url <url>     postgres://… (or env GS2EZ_DATABASE_URL): PostgreSQL, shared by instances
  --import-journal <dir>   import an old journal data directory once into the database
  --encryption-key <b64>   32-byte key sealing TOTP secrets at rest (or env GS2EZ_ENCRYPTION_KEY)
  --oauth-client <id>      accepted OAuth client_id (repeatable; default gs2ez-demo)
  --cors-origin <origin>   allowed browser origin (repeatable; default localhost on any port)
  --dev                    dev mode: serve GET /dev/outbox (admin token required)
  --help`

export interface CliOptions {
  readonly port: number
  readonly host: string
  readonly server: GameServerOptions
  readonly usingDevAdminToken: boolean
}

const REGIONS = ['ap-northeast-1', 'us-east-1', 'eu-west-1', 'ap-southeast-1'] as const

/** Parses argv (without node and the script); throws TypeError naming the bad flag. */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CliOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'gs2-endpoint': { type: 'string' },
      'gs2-region': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'admin-token': { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'import-journal': { type: 'string' },
      'encryption-key': { type: 'string' },
      'oauth-client': { type: 'string', multiple: true },
      'cors-origin': { type: 'string', multiple: true },
      dev: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) return 'help'
  const port = Number(values.port ?? '4100')
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`--port: expected 0..65535, got ${values.port}`)
  }
  const region = values['gs2-region']
  if (region !== undefined && !(REGIONS as readonly string[]).includes(region)) {
    throw new TypeError(`--gs2-region: expected one of ${REGIONS.join(', ')}`)
  }
  const endpointTemplate =
    values['gs2-endpoint'] ?? (region === undefined ? 'http://127.0.0.1:4000/{service}' : undefined)
  if (endpointTemplate !== undefined && !endpointTemplate.includes('{service}')) {
    throw new TypeError('--gs2-endpoint: must contain {service}')
  }
  const adminToken = values['admin-token'] ?? env.GS2EZ_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN
  if (adminToken.length < 16) throw new TypeError('--admin-token: must be at least 16 characters')
  const host = values.host ?? '127.0.0.1'
  if (adminToken === DEV_ADMIN_TOKEN && !isLoopbackHost(host)) {
    throw new TypeError(
      `--admin-token: the public dev token is refused on --host ${host}; set --admin-token or GS2EZ_ADMIN_TOKEN`,
    )
  }
  const databaseUrl = values['database-url'] ?? env.GS2EZ_DATABASE_URL
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new TypeError('--database-url: must start with postgres:// or postgresql://')
  }
  const encryptionKey = values['encryption-key'] ?? env.GS2EZ_ENCRYPTION_KEY
  if (encryptionKey !== undefined && Buffer.from(encryptionKey, 'base64').length !== 32) {
    throw new TypeError('--encryption-key: must be base64 of 32 bytes (openssl rand -base64 32)')
  }
  const server: GameServerOptions = {
    gs2: {
      clientId: values['client-id'] ?? 'gs2ez-demo-server',
      clientSecret:
        values['client-secret'] ?? env.GS2EZ_CLIENT_SECRET ?? 'gs2ez-demo-server-secret',
      ...(endpointTemplate === undefined ? {} : { endpointTemplate }),
      ...(region === undefined ? {} : { region: region as (typeof REGIONS)[number] }),
    },
    adminToken,
    ...(values.data === undefined ? {} : { dataDir: values.data }),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(values['import-journal'] === undefined
      ? {}
      : { importJournalFrom: values['import-journal'] }),
    ...(encryptionKey === undefined ? {} : { encryptionKey }),
    ...(values['oauth-client'] === undefined ? {} : { clientIds: values['oauth-client'] }),
    ...(values['cors-origin'] === undefined ? {} : { corsOrigins: values['cors-origin'] }),
    devRoutes: values.dev === true,
  }
  return {
    port,
    host,
    server,
    usingDevAdminToken: adminToken === DEV_ADMIN_TOKEN,
  }
}
