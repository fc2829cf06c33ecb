#!/usr/bin/env node
// `pnpm test:packages`: builds every publishable package, packs it as npm would receive it, and
// checks the tarball: publint --strict, @arethetypeswrong/cli (esm-only profile), a LICENSE, and
// source maps / declaration maps whose sources are in the tarball. With --install it also
// npm-installs all tarballs together in a temporary project and fails on EBADENGINE (run it on
// the oldest Node we support, 20.19).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const install = process.argv.includes('--install')
const run = (cmd, args, cwd = root) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir) }))
  .map((p) => ({ ...p, json: JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.json.private)

const work = mkdtempSync(join(tmpdir(), 'gs2ez-pack-'))
const failures = []
try {
  run('pnpm', [
    '-r',
    '--workspace-concurrency=1',
    ...packages.flatMap((p) => ['--filter', p.json.name]),
    'run',
    'build',
  ])
  for (const { dir, json } of packages) {
    const out = join(work, json.name.replace('/', '+'))
    mkdirSync(out)
    run('pnpm', ['pack', '--pack-destination', out], dir)
    const tarball = join(out, readdirSync(out)[0])
    const check = (what, fn) => {
      try {
        fn()
        console.log(`ok   ${json.name}: ${what}`)
      } catch (error) {
        failures.push(`${json.name}: ${what}`)
        console.log(
          `FAIL ${json.name}: ${what}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.message}`,
        )
      }
    }
    check('publint --strict', () => run('pnpm', ['exec', 'publint', 'run', tarball, '--strict']))
    check('attw --profile esm-only', () =>
      run('pnpm', ['exec', 'attw', tarball, '--profile', 'esm-only', '--format', 'ascii']),
    )
    const unpacked = join(out, 'x')
    mkdirSync(unpacked)
    run('tar', ['-xzf', tarball, '-C', unpacked])
    const files = new Set(run('tar', ['-tzf', tarball]).split('\n').filter(Boolean))
    check('LICENSE in the tarball', () => {
      if (!files.has('package/LICENSE')) throw new Error('package/LICENSE is missing')
    })
    check('source and declaration maps resolve inside the tarball', () => {
      const maps = [...files].filter((f) => f.endsWith('.map'))
      if (maps.length === 0) throw new Error('no .map files')
      for (const map of maps) {
        const { sources, sourceRoot = '' } = JSON.parse(readFileSync(join(unpacked, map), 'utf8'))
        for (const source of sources) {
          const target = posix.normalize(posix.join(posix.dirname(map), sourceRoot, source))
          if (!files.has(target)) throw new Error(`${map} points at ${source}, not in the tarball`)
        }
      }
    })
  }
  if (install) {
    const project = join(work, 'project')
    mkdirSync(project)
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}\n')
    const tarballs = packages.map(({ json }) => {
      const out = join(work, json.name.replace('/', '+'))
      return join(
        out,
        readdirSync(out).find((f) => f.endsWith('.tgz')),
      )
    })
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...tarballs], {
      cwd: project,
      encoding: 'utf8',
    })
    const log = `${npm.stdout}${npm.stderr}`
    if (npm.status !== 0) failures.push(`npm install of the tarballs failed:\n${log}`)
    const bad = /EBADENGINE/.test(log)
    if (bad) failures.push(`EBADENGINE on Node ${process.version}:\n${log}`)
    console.log(
      `${bad ? 'FAIL' : 'ok  '} npm install of ${tarballs.length} tarballs on Node ${process.version}: ${bad ? 'EBADENGINE' : 'no EBADENGINE'}`,
    )
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (failures.length > 0) {
  console.log(`\n${failures.length} package check(s) failed:\n- ${failures.join('\n- ')}`)
  process.exit(1)
}
