import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig } from 'vite'

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url))

export default defineConfig({
  // Workspace packages publish `dist/`, but in this repo the demo runs them from source, so a
  // change in packages/ez shows up on reload without a build step.
  resolve: { conditions: ['@gs2ez/source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port: 5173 },
  build: {
    target: 'es2022',
    // Phaser alone is ~1.2 MB minified; the warning would fire on every build.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { main: page('./index.html'), pixi: page('./pixi.html') },
    },
  },
})
