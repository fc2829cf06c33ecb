// The one vitest config: it lists every package's project. vitest 4 no longer reads a
// workspace file by itself, so the root scripts pass `--config vitest.workspace.ts`.
import { defineConfig } from 'vitest/config'

// Workspace packages resolve to each other's src/ through this export condition, so tests
// need no build step.
const conditions = ['@gs2ez/source', 'module', 'browser', 'development|production']
const ssrConditions = ['@gs2ez/source', 'module', 'node', 'development|production']

interface Project {
  readonly dir: string
  readonly name: string
  readonly env?: Record<string, string>
  /** Runs the `*.postgres.test.ts` files (skipped by every other project). */
  readonly postgres?: boolean
  /** Its test file globs; every test file under src/ unless said. */
  readonly include?: readonly string[]
}

const projects: readonly Project[] = [
  { dir: 'packages/core', name: '@gs2ez/core' },
  { dir: 'packages/auth', name: '@gs2ez/auth' },
  { dir: 'packages/account', name: '@gs2ez/account' },
  { dir: 'packages/ez', name: '@gs2ez/ez' },
  { dir: 'packages/emulator', name: '@gs2ez/emulator' },
  { dir: 'packages/phaser', name: '@gs2ez/phaser' },
  { dir: 'packages/test-utils', name: '@gs2ez/test-utils' },
  { dir: 'packages/integration-tests', name: '@gs2ez/integration-tests' },
  { dir: 'apps/demo', name: 'demo' },
  { dir: 'apps/game-server', name: 'game-server', env: { GS2EZ_GAME_SERVER_STORE: 'pglite' } },
  // The same suite on a real PostgreSQL (.ci/with-postgres starts it), plus the multi-instance
  // tests (*.postgres.test.ts).
  {
    dir: 'apps/game-server',
    name: 'game-server:postgres',
    env: { GS2EZ_GAME_SERVER_STORE: 'postgres' },
    postgres: true,
  },
  // The bench's own helpers (the RESULTS.md merge); the benches themselves run with `pnpm bench`.
  { dir: 'bench', name: 'bench', include: ['lib/**/*.test.ts'] },
]

const jsonReport = process.env.GS2EZ_JSON_REPORT

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ssrConditions, externalConditions: ['@gs2ez/source'] } },
  test: {
    // Browser-ish files opt in with `// @vitest-environment happy-dom`; real Chromium tests
    // are `*.chromium.test.ts` and drive /usr/bin/chromium through playwright-core.
    environment: 'node',
    restoreMocks: true,
    unstubGlobals: true,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    projects: projects.map(({ dir, name, env, postgres, include }) => ({
      extends: true,
      test: {
        name,
        root: dir,
        include: [...(include ?? ['src/**/*.test.ts'])],
        exclude: ['**/node_modules/**', ...(postgres ? [] : ['src/**/*.postgres.test.ts'])],
        ...(env === undefined ? {} : { env }),
      },
    })),
  },
})
