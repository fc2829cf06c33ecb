#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cliArgs.ts'
import type { RunningEmulator } from './startEmulator.ts'
import { startEmulator } from './startEmulator.ts'

const banner = (e: RunningEmulator, dataDir: string | undefined, host: string): string =>
  [
    `gs2ez emulator listening on ${e.url}`,
    '',
    `  endpointTemplate  ${e.endpointTemplate}`,
    `  region / ownerId  ${e.region} / ${e.ownerId}`,
    `  application       ${e.credentials.application.clientId} / ${e.credentials.application.clientSecret}   (ship this in the game)`,
    `  trusted server    ${e.credentials.trusted.clientId} / ${e.credentials.trusted.clientSecret}   (login, federation, time offset tokens)`,
    `  dashboard         ${e.dashboardUrl}`,
    `  admin token       ${e.adminToken}   (header x-gs2ez-admin-token on /__emulator/...)`,
    `  state             ${dataDir === undefined ? 'in memory (use --data <dir> to keep it)' : `journaled in ${dataDir}`}`,
    ...(host === '127.0.0.1' || host === 'localhost' || host === '::1'
      ? []
      : [
          '',
          `  warning: listening on ${host}: the network reaches the GS2 API; keep the admin token private`,
        ]),
    '',
    '  new Profile({ clientId, clientSecret, endpointTemplate }) with the values above',
    '',
  ].join('\n')

const main = async () => {
  let options: ReturnType<typeof parseCliArgs>
  try {
    options = parseCliArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`)
    process.exit(2)
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  // Handlers first: a signal that arrives while starting must still close the journal cleanly.
  let emulator: RunningEmulator | undefined
  let stopping: string | undefined
  const stop = (signal: string) => {
    if (stopping !== undefined) return
    stopping = signal
    if (emulator === undefined) return // closed as soon as it is up
    process.stdout.write(`\n${signal}: closing\n`)
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  emulator = await startEmulator(options)
  process.stdout.write(`${banner(emulator, options.dataDir, options.host ?? '127.0.0.1')}\n`)
  if (stopping !== undefined) {
    const signal = stopping
    stopping = undefined
    stop(signal)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gs2ez-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
