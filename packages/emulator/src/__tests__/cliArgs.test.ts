import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../cliArgs.ts'

describe('parseCliArgs', () => {
  it('defaults to port 4000 on 127.0.0.1, in memory', () => {
    expect(parseCliArgs([], {})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      dataDir: undefined,
      tokenTtlSeconds: undefined,
      config: {},
    })
  })

  it('reads every flag; a bare --host means every interface', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gs2ez-cli-'))
    const file = path.join(dir, 'config.json')
    writeFileSync(
      file,
      JSON.stringify({
        accountNamespaces: ['s2'],
        credentials: [{ clientId: 'c', clientSecret: 's', kind: 'trusted' }],
      }),
    )
    const options = parseCliArgs([
      '--port',
      '0',
      '--data',
      '.emulator',
      '--token-ttl',
      '60',
      '--config',
      file,
      '--host',
      '--app-credential',
      'game:secret:with:colons',
      '--cors-origin',
      'https://game.example',
      '--no-default-credentials',
    ])
    expect(options).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '.emulator',
      tokenTtlSeconds: 60,
      config: {
        accountNamespaces: ['s2'],
        credentials: [
          { clientId: 'c', clientSecret: 's', kind: 'trusted' },
          { clientId: 'game', clientSecret: 'secret:with:colons', kind: 'application' },
        ],
        defaultCredentials: false,
        corsOrigins: ['https://game.example'],
      },
    })
    expect(parseCliArgs(['--host', '192.168.1.5'])).toMatchObject({ host: '192.168.1.5' })
    expect(parseCliArgs(['--help'])).toBe('help')
  })

  it('fixes the admin token from --admin-token or GS2EZ_EMULATOR_ADMIN_TOKEN, and adds hosts', () => {
    const env = { GS2EZ_EMULATOR_ADMIN_TOKEN: 'token-from-the-environment' }
    expect(parseCliArgs([], env)).toMatchObject({ adminToken: 'token-from-the-environment' })
    expect(parseCliArgs(['--admin-token', 'token-from-the-command'], env)).toMatchObject({
      adminToken: 'token-from-the-command',
    })
    expect(parseCliArgs([], {})).not.toHaveProperty('adminToken')
    expect(() => parseCliArgs(['--admin-token', 'short'], {})).toThrow(/--admin-token/)
    expect(
      parseCliArgs(['--allowed-host', 'emulator.test', '--allowed-host', '.dev.test'], {}),
    ).toMatchObject({ config: { allowedHosts: ['emulator.test', '.dev.test'] } })
  })

  it('names the bad flag', () => {
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port/)
    expect(() => parseCliArgs(['--token-ttl', '-5'])).toThrow(/--token-ttl/)
    expect(() => parseCliArgs(['--server-credential', 'nosecret'])).toThrow(/--server-credential/)
    expect(() => parseCliArgs(['--config', '/nonexistent/x.json'])).toThrow(/--config/)
    expect(() => parseCliArgs(['--bogus'])).toThrow()
  })
})

describe('config validation', () => {
  it('refuses a bad config or token TTL up front, naming it', async () => {
    const { startEmulator } = await import('../startEmulator.ts')
    await expect(startEmulator({ tokenTtlSeconds: 0 })).rejects.toThrow(/tokenTtlSeconds/)
    await expect(startEmulator({ config: { region: 'mars-1' as 'us-east-1' } })).rejects.toThrow(
      /region/,
    )
    await expect(startEmulator({ config: { defaultCredentials: false } })).rejects.toThrow(
      /credentials/,
    )
  })
})
