import { expect, test } from 'vitest'
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, readDemoConfig } from '../config.ts'

test('defaults point at the local emulator with its built-in demo credential', () => {
  expect(readDemoConfig({})).toEqual({
    emulatorUrl: 'http://127.0.0.1:4000',
    endpointTemplate: 'http://127.0.0.1:4000/{service}',
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    namespaceName: 'default',
    heartbeatMs: 10_000,
    gameServerUrl: 'http://127.0.0.1:4100',
    oauthClientId: 'gs2ez-demo',
    emulatorAdminToken: undefined,
    gameServerAdminToken: 'gs2ez-dev-admin-token',
  })
})

test('VITE_ variables override the defaults; a trailing slash is dropped', () => {
  const config = readDemoConfig({
    VITE_GS2_EMULATOR_URL: 'http://127.0.0.1:4567/',
    VITE_GS2_CLIENT_ID: 'id',
    VITE_GS2_CLIENT_SECRET: 'secret',
    VITE_GS2_NAMESPACE: 'game-0001',
    VITE_GS2_HEARTBEAT_MS: '2500',
    VITE_GS2EZ_GAME_SERVER_URL: 'http://127.0.0.1:4999/',
    VITE_GS2EZ_OAUTH_CLIENT_ID: 'my-game',
  })
  expect(config.endpointTemplate).toBe('http://127.0.0.1:4567/{service}')
  expect(config).toMatchObject({
    clientId: 'id',
    clientSecret: 'secret',
    namespaceName: 'game-0001',
    gameServerUrl: 'http://127.0.0.1:4999',
    oauthClientId: 'my-game',
  })
  expect(config.heartbeatMs).toBe(2500)
})

test('a heartbeat below one second (or not a number) falls back to the default', () => {
  expect(readDemoConfig({ VITE_GS2_HEARTBEAT_MS: '10' }).heartbeatMs).toBe(10_000)
  expect(readDemoConfig({ VITE_GS2_HEARTBEAT_MS: 'soon' }).heartbeatMs).toBe(10_000)
})
