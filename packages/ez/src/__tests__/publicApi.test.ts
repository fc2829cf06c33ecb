import { readFileSync } from 'node:fs'
import * as advanced from '@gs2ez/ez/advanced'
import { expect, test } from 'vitest'
import * as root from '../index.ts'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

/** Every name the root entry exports, types included, read from its source. */
const rootNames = (): string[] => {
  const names: string[] = []
  for (const match of read('../index.ts').matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part.trim().replace(/^type\s+/, '')
      if (name !== '') names.push(name)
    }
  }
  return names
}

test('the root entry exports at most 42 names, each documented in the README', () => {
  const names = rootNames()
  // 40 + TransferCode and IdentityProof (issue 16: takeover, guest -> username).
  expect(names.length).toBeLessThanOrEqual(42)
  const table = read('../../README.md').split('## Exports')[1] ?? ''
  for (const name of names) expect(table, name).toContain(`| \`${name}\``)
  // The runtime exports are among them (nothing leaks through a re-export).
  for (const name of Object.keys(root)) expect(names).toContain(name)
})

test('internals are not in the root entry; @gs2ez/ez/advanced has them', () => {
  for (const name of ['TokenStore', 'openEzStore', 'DeadlineScheduler', 'refreshAt']) {
    expect(Object.keys(root)).not.toContain(name)
    expect(Object.keys(advanced)).toContain(name)
  }
  expect(typeof advanced.GameSession).toBe('function')
  expect(typeof advanced.createGameSessionDependencies).toBe('function')
})
