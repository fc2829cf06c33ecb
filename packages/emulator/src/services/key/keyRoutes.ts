import { Hono } from 'hono'
import { z } from 'zod'
import type { EmulatorContext } from '../../server/emulatorContext.ts'
import { conflict, notFound } from '../../server/emulatorError.ts'
import type { EmulatorEnv } from '../../server/honoEnv.ts'
import { requireTrusted } from '../../server/projectTokenGuard.ts'
import { readJsonBody } from '../../server/readBody.ts'
import { coerceWire, validateWire } from '../../server/wire.ts'
import type { KeyRecord } from '../../store/records.ts'
import { keyGrn, keyNamespaceGrn } from './keyRing.ts'

const name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, - and _ only')

const CreateSchema = z.object({ name, description: z.string().max(1024).optional() })
const NamespacePathSchema = z.object({ namespaceName: name })
const KeyPathSchema = z.object({ namespaceName: name, keyName: name })

/** Never returns a secret: GS2-Key keeps them server-side; only the HMAC leaves. */
const keyView = (ctx: EmulatorContext, key: KeyRecord) => ({
  keyId: keyGrn(ctx, key.namespaceName, key.name),
  name: key.name,
  description: key.description,
  createdAt: key.createdAt,
})

const namespaceView = (ctx: EmulatorContext, namespaceName: string) => {
  const ns = ctx.state.get('keyNamespaces', namespaceName)
  if (!ns)
    throw notFound(
      'namespaceName',
      'key.namespace.notFound',
      `namespaceName: no namespace ${namespaceName}`,
    )
  return {
    namespaceId: keyNamespaceGrn(ctx, ns.name),
    name: ns.name,
    description: ns.description,
    createdAt: ns.createdAt,
  }
}

const findKey = (ctx: EmulatorContext, namespaceName: string, keyName: string): KeyRecord => {
  namespaceView(ctx, namespaceName)
  const key = ctx.state.get('keys', `${namespaceName}/${keyName}`)
  if (!key)
    throw notFound('keyName', 'key.key.notFound', `keyName: no key ${keyName} in ${namespaceName}`)
  return key
}

/** GS2-Key: namespaces and keys. Changing them needs a trusted credential. */
export const keyRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>()

  app.get('/', (c) =>
    c.json({
      items: [...ctx.state.tables.keyNamespaces.keys()].map((n) => namespaceView(ctx, n)),
      nextPageToken: null,
    }),
  )

  app.post('/', async (c) => {
    requireTrusted(c, 'createNamespace')
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      name: 'string',
      description: 'string',
    })
    const req = validateWire('key', CreateSchema, wire)
    if (ctx.state.get('keyNamespaces', req.name)) {
      throw conflict('name', 'key.namespace.exists', `name: namespace ${req.name} already exists`)
    }
    ctx.state.commit([
      {
        t: 'keyNamespaces',
        k: req.name,
        v: { name: req.name, description: req.description ?? '', createdAt: ctx.clock.now() },
      },
    ])
    return c.json({ item: namespaceView(ctx, req.name) })
  })

  app.get('/:namespaceName', (c) => {
    const { namespaceName } = validateWire('key', NamespacePathSchema, c.req.param())
    return c.json({ item: namespaceView(ctx, namespaceName) })
  })

  app.get('/:namespaceName/key', (c) => {
    const { namespaceName } = validateWire('key', NamespacePathSchema, c.req.param())
    namespaceView(ctx, namespaceName)
    const items = [...ctx.state.tables.keys.values()]
      .filter((k) => k.namespaceName === namespaceName)
      .map((k) => keyView(ctx, k))
    return c.json({ items, nextPageToken: null })
  })

  app.post('/:namespaceName/key', async (c) => {
    requireTrusted(c, 'createKey')
    const { namespaceName } = validateWire('key', NamespacePathSchema, c.req.param())
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      name: 'string',
      description: 'string',
    })
    const req = validateWire('key', CreateSchema, wire)
    namespaceView(ctx, namespaceName)
    const k = `${namespaceName}/${req.name}`
    if (ctx.state.get('keys', k))
      throw conflict('name', 'key.key.exists', `name: key ${req.name} already exists`)
    const key: KeyRecord = {
      namespaceName,
      name: req.name,
      description: req.description ?? '',
      secret: Buffer.from(ctx.random(32)).toString('base64'),
      createdAt: ctx.clock.now(),
    }
    ctx.state.commit([{ t: 'keys', k, v: key }])
    return c.json({ item: keyView(ctx, key) })
  })

  app.get('/:namespaceName/key/:keyName', (c) => {
    const req = validateWire('key', KeyPathSchema, c.req.param())
    return c.json({ item: keyView(ctx, findKey(ctx, req.namespaceName, req.keyName)) })
  })

  app.delete('/:namespaceName/key/:keyName', (c) => {
    requireTrusted(c, 'deleteKey')
    const req = validateWire('key', KeyPathSchema, c.req.param())
    const key = findKey(ctx, req.namespaceName, req.keyName)
    ctx.state.commit([{ t: 'keys', k: `${req.namespaceName}/${req.keyName}` }])
    return c.json({ item: keyView(ctx, key) })
  })

  return app
}
