import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { type PageServer, startPageServer } from '../pageServer.ts'

let server: PageServer | undefined
afterEach(() => server?.close())

test('bundles a workspace module for the browser and serves it over real HTTP', async () => {
  server = await startPageServer({
    scripts: { '/page.js': fileURLToPath(new URL('./fixtures/idbPage.ts', import.meta.url)) },
  })
  const html = await fetch(server.url).then((res) => res.text())
  expect(html).toContain('<script type="module" src="/page.js">')
  const script = await fetch(`${server.url}/page.js`)
  expect(script.headers.get('content-type')).toMatch(/javascript/)
  // idb-keyval is bundled in, not left as a bare import the browser could not resolve.
  expect(await script.text()).not.toMatch(/from\s+['"]idb-keyval['"]/)
  expect((await fetch(`${server.url}/missing.js`)).status).toBe(404)
  expect(server.requests).toEqual(['/', '/page.js', '/missing.js'])
})
