import { parseCliArgs, USAGE } from './cliArgs.ts'
import { createGameServer } from './createGameServer.ts'

let parsed: ReturnType<typeof parseCliArgs>
try {
  parsed = parseCliArgs(process.argv.slice(2), process.env)
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`)
  process.exit(2)
}
if (parsed === 'help') {
  console.log(USAGE)
  process.exit(0)
}

const gameServer = await createGameServer(parsed.server)
const running = await gameServer.listen(parsed.port, parsed.host)
console.log(`gs2ez game server on ${running.url}`)
console.log(
  `  GS2: ${parsed.server.gs2.endpointTemplate ?? parsed.server.gs2.region} as ${parsed.server.gs2.clientId}`,
)
console.log(
  `  store: ${gameServer.store === 'postgres' ? 'PostgreSQL' : `PGlite ${gameServer.dataDir ?? '(in memory)'}`}`,
)
if (gameServer.imported)
  console.log(`  imported the journal: ${JSON.stringify(gameServer.imported)}`)
console.log(`  POST ${running.url}/oauth/access_token   POST ${running.url}/users`)
if (parsed.server.devRoutes) {
  console.log(
    `  GET  ${running.url}/dev/outbox?to=...   (dev mode; Authorization: Bearer <admin token>)`,
  )
}
if (parsed.usingDevAdminToken) {
  console.warn(
    '  admin token: the built-in dev token; set --admin-token or GS2EZ_ADMIN_TOKEN outside dev',
  )
}

const stop = async () => {
  await gameServer.close()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
