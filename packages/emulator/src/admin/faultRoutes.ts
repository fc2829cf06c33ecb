import { Hono } from 'hono'
import { MAX_FAULTS } from '../faults/faultInjector.ts'
import { FaultSpecSchema } from '../faults/faultSpec.ts'
import type { EmulatorContext } from '../server/emulatorContext.ts'
import { badRequest, notFound } from '../server/emulatorError.ts'
import type { EmulatorEnv } from '../server/honoEnv.ts'
import { readJsonBody } from '../server/readBody.ts'
import { coerceWire, validateWire } from '../server/wire.ts'

/**
 * `/__emulator/faults`: make chosen APIs answer 5xx/429, answer slowly or drop the connection,
 * for a count or a while, so an SDK's retry, timeout and re-authentication paths can be tested
 * against the real server (README, Fault injection).
 */
export const faultRoutes = (ctx: EmulatorContext): Hono<EmulatorEnv> => {
  const app = new Hono<EmulatorEnv>({ strict: false })

  app.get('/', (c) => c.json({ items: ctx.faults.list(ctx.clock.now()) }))

  app.post('/', async (c) => {
    const wire = coerceWire(await readJsonBody(c.req.raw), {
      api: 'string',
      method: 'string',
      path: 'string',
      status: 'number',
      retryAfterSeconds: 'number',
      delayMs: 'number',
      drop: 'boolean',
      times: 'number',
      durationMs: 'number',
    })
    if (typeof wire.method === 'string') wire.method = wire.method.toUpperCase()
    const spec = validateWire('emulator', FaultSpecSchema, wire)
    if (ctx.faults.size >= MAX_FAULTS) {
      throw badRequest(
        'faults',
        'emulator.faults.tooMany',
        `faults: at most ${MAX_FAULTS} at once; lift some first`,
      )
    }
    return c.json({ item: ctx.faults.add(spec, ctx.clock.now()) })
  })

  app.delete('/', (c) => c.json({ cleared: ctx.faults.clear() }))

  app.delete('/:faultId', (c) => {
    const faultId = c.req.param('faultId')
    const fault = ctx.faults.remove(faultId)
    if (!fault) throw notFound('faultId', 'emulator.fault.notFound', `faultId: no fault ${faultId}`)
    return c.json({ item: fault })
  })

  return app
}
