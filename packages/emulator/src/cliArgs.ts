import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { EmulatorConfig } from './config/emulatorConfig.ts'
import { ADMIN_TOKEN_PATTERN } from './server/adminGuard.ts'
import type { StartEmulatorOptions } from './startEmulator.ts'

export const USAGE = `Usage: gs2ez-emulator [options]

  --port <n>                    port (default 4000; 0 picks a free one)
  --host [addr]                 listen address (default 127.0.0.1; bare --host = 0.0.0.0)
  --data <dir>                  journal directory (default: in memory only)
  --token-ttl <seconds>         access token lifetime (default 3600)
  --config <file.json>          config file (credentials, namespaces, keys, cors origins, ...)
  --app-credential <id:secret>  add an application credential (repeatable)
  --server-credential <id:secret>  add a trusted server credential (repeatable)
  --no-default-credentials      drop the built-in demo pair
  --cors-origin <origin>        allow a browser origin, e.g. http://localhost:* (repeatable)
  --allowed-host <name>         answer this Host too (.suffix: its subdomains; repeatable)
  --admin-token <token>         fix the admin API's token (default: env
                                GS2EZ_EMULATOR_ADMIN_TOKEN, else random per run)
  --help`

const positiveInt = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new TypeError(`${flag}: expected a whole number, got ${value}`)
  return n
}

const credential = (flag: string, value: string, kind: 'application' | 'trusted') => {
  const i = value.indexOf(':')
  if (i <= 0 || i === value.length - 1)
    throw new TypeError(`${flag}: expected <clientId>:<clientSecret>`)
  return { clientId: value.slice(0, i), clientSecret: value.slice(i + 1), kind }
}

/**
 * Parses argv (without node and the script); throws TypeError naming the bad flag. `env` is
 * where GS2EZ_EMULATOR_ADMIN_TOKEN is read (CI fixes the token there rather than on a command
 * line other users of the machine can see).
 */
export const parseCliArgs = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): StartEmulatorOptions | 'help' => {
  // `--host` alone means "every interface", as in vite; parseArgs needs a value, so add it.
  const args = argv.flatMap((arg, i) =>
    arg === '--host' && (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--'))
      ? [arg, '0.0.0.0']
      : [arg],
  )
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'token-ttl': { type: 'string' },
      config: { type: 'string' },
      'app-credential': { type: 'string', multiple: true },
      'server-credential': { type: 'string', multiple: true },
      'no-default-credentials': { type: 'boolean' },
      'cors-origin': { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      'admin-token': { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) return 'help'
  let config: EmulatorConfig = {}
  if (values.config !== undefined) {
    try {
      config = JSON.parse(readFileSync(values.config, 'utf8')) as EmulatorConfig
    } catch (error) {
      throw new TypeError(`--config: cannot read ${values.config}: ${(error as Error).message}`)
    }
  }
  const credentials = [
    ...(config.credentials ?? []),
    ...(values['app-credential'] ?? []).map((v) =>
      credential('--app-credential', v, 'application'),
    ),
    ...(values['server-credential'] ?? []).map((v) =>
      credential('--server-credential', v, 'trusted'),
    ),
  ]
  config = {
    ...config,
    ...(credentials.length > 0 ? { credentials } : {}),
    ...(values['no-default-credentials'] ? { defaultCredentials: false } : {}),
    ...(values['cors-origin'] ? { corsOrigins: values['cors-origin'] } : {}),
    ...(values['allowed-host']
      ? { allowedHosts: [...(config.allowedHosts ?? []), ...values['allowed-host']] }
      : {}),
  }
  const adminToken = values['admin-token'] ?? (env.GS2EZ_EMULATOR_ADMIN_TOKEN || undefined)
  if (adminToken !== undefined && !ADMIN_TOKEN_PATTERN.test(adminToken)) {
    throw new TypeError('--admin-token: expected 16 to 512 printable ASCII characters')
  }
  return {
    ...(adminToken === undefined ? {} : { adminToken }),
    port: positiveInt('--port', values.port) ?? 4000,
    host: values.host ?? '127.0.0.1',
    dataDir: values.data,
    tokenTtlSeconds: positiveInt('--token-ttl', values['token-ttl']),
    config,
  }
}
