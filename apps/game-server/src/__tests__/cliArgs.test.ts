import { expect, test } from 'vitest'
import { DEV_ADMIN_TOKEN, parseCliArgs } from '../cliArgs.ts'

test('defaults: port 4100, the local emulator and its trusted credential, the dev admin token', () => {
  expect(parseCliArgs([])).toEqual({
    port: 4100,
    host: '127.0.0.1',
    usingDevAdminToken: true,
    server: {
      gs2: {
        clientId: 'gs2ez-demo-server',
        clientSecret: 'gs2ez-demo-server-secret',
        endpointTemplate: 'http://127.0.0.1:4000/{service}',
      },
      adminToken: DEV_ADMIN_TOKEN,
      devRoutes: false,
    },
  })
})

test('flags and environment override the defaults', () => {
  const parsed = parseCliArgs(
    [
      '--port',
      '0',
      '--gs2-endpoint',
      'http://127.0.0.1:4999/{service}',
      '--client-id',
      'server',
      '--data',
      '/tmp/gs',
      '--oauth-client',
      'a',
      '--oauth-client',
      'b',
      '--cors-origin',
      'https://game.example',
      '--dev',
      '--host',
      '0.0.0.0',
      '--import-journal',
      '/tmp/old-journal',
    ],
    {
      GS2EZ_ADMIN_TOKEN: 'an-admin-token-from-env',
      GS2EZ_CLIENT_SECRET: 'env-secret',
      GS2EZ_DATABASE_URL: 'postgres://game@db.internal:5432/game',
    },
  )
  expect(parsed).toMatchObject({
    port: 0,
    usingDevAdminToken: false,
    server: {
      gs2: {
        clientId: 'server',
        clientSecret: 'env-secret',
        endpointTemplate: 'http://127.0.0.1:4999/{service}',
      },
      adminToken: 'an-admin-token-from-env',
      dataDir: '/tmp/gs',
      clientIds: ['a', 'b'],
      corsOrigins: ['https://game.example'],
      devRoutes: true,
      databaseUrl: 'postgres://game@db.internal:5432/game',
      importJournalFrom: '/tmp/old-journal',
    },
  })
  expect(parseCliArgs(['--gs2-region', 'us-east-1'])).toMatchObject({
    server: { gs2: { region: 'us-east-1' } },
  })
  expect(parseCliArgs(['--help'])).toBe('help')
})

test.each([
  [['--port', '70000'], '--port'],
  [['--port', 'abc'], '--port'],
  [['--gs2-endpoint', 'http://127.0.0.1:4000'], '--gs2-endpoint'],
  [['--gs2-region', 'mars-1'], '--gs2-region'],
  [['--admin-token', 'short'], '--admin-token'],
  [['--unknown'], 'Unknown option'],
  [['--encryption-key', 'c2hvcnQ='], '--encryption-key'],
  [['--database-url', 'mysql://x'], '--database-url'],
  // The public dev admin token is only accepted where nobody else can reach the server.
  [['--host', '0.0.0.0'], '--admin-token'],
  [['--host', '192.168.1.5'], '--admin-token'],
])('%j is refused naming %s', (argv, flag) => {
  expect(() => parseCliArgs(argv)).toThrow(flag)
})
