// Newer official GS2 clients gzip every request body. This measures whether that pays for the
// bodies a login sends, to decide what @gs2ez/core should do.
import { randomBytes, randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { defineBenchmark, type Figure } from './lib/benchmark.ts'

const userId = randomUUID()
const signedBody = JSON.stringify({
  userId,
  namespaceName: 'default',
  keyId: 'grn:gs2:ap-northeast-1:owner:key:default:key:default',
  timeOffset: 0,
  issuedAt: Date.now(),
})
const bodies = {
  loginBySignature: {
    contextStack: null,
    keyId: 'grn:gs2:{region}:{ownerId}:key:default:key:default',
    body: signedBody,
    signature: randomBytes(32).toString('base64'),
  },
  authentication: {
    contextStack: null,
    keyId: 'grn:gs2:{region}:{ownerId}:key:default:key:default',
    password: randomBytes(24).toString('base64url'),
  },
  'federation (64 KiB policy)': {
    contextStack: null,
    originalUserId: userId,
    userId: randomUUID(),
    policyDocument: JSON.stringify({
      Version: '2016-04-01',
      Statements: Array.from({ length: 600 }, (_, i) => ({
        Effect: 'Allow',
        Actions: [`Gs2Inventory:GetItem${i}`],
        Resources: ['*'],
      })),
    }),
    timeOffset: 0,
  },
} as const

function timePerCall(fn: () => void, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn()
  const started = performance.now()
  for (let i = 0; i < iterations; i++) fn()
  return ((performance.now() - started) / iterations) * 1000
}

export default defineBenchmark({
  title: 'Request body gzip: size and CPU per login request',
  method:
    'node:zlib gzipSync (level 6, as the official clients use) of the exact JSON bodies gs2ez sends; ' +
    'baseline is the plain JSON body (bytes) and JSON.stringify alone (CPU, µs per call).',
  async run() {
    const figures: Figure[] = []
    for (const [name, body] of Object.entries(bodies)) {
      const json = JSON.stringify(body)
      const gzipped = gzipSync(json)
      const iterations = json.length > 10_000 ? 500 : 20_000
      const stringifyUs = timePerCall(() => JSON.stringify(body), iterations)
      const gzipUs = timePerCall(() => gzipSync(JSON.stringify(body)), iterations)
      figures.push(
        {
          name: `${name}: gzipped body`,
          value: gzipped.length,
          unit: 'bytes',
          baseline: { name: 'plain JSON body', value: Buffer.byteLength(json) },
          better: 'lower',
        },
        {
          name: `${name}: stringify + gzip`,
          value: Number(gzipUs.toFixed(2)),
          unit: 'µs',
          baseline: { name: 'stringify alone', value: Number(stringifyUs.toFixed(2)) },
          better: 'lower',
        },
      )
    }
    return figures
  },
})
