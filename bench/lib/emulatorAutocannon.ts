// autocannon ships no types; this is the slice of its API the emulator benchmarks use.
import { createRequire } from 'node:module'

export interface AutocannonRequest {
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string
}

export interface AutocannonOptions extends AutocannonRequest {
  url: string
  connections: number
  duration: number
  /** Cycled per connection; `setupRequest` rewrites each one just before it is sent. */
  requests?: (AutocannonRequest & {
    setupRequest?: (request: AutocannonRequest) => AutocannonRequest
  })[]
}

export interface AutocannonResult {
  requests: { average: number; total: number }
  latency: { average: number; p99: number }
  non2xx: number
  errors: number
  timeouts: number
}

const require = createRequire(import.meta.url)
const autocannon = require('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>

/** One bounded run; throws when anything but a 2xx came back, so a broken target cannot look fast. */
export const cannon = async (options: AutocannonOptions): Promise<AutocannonResult> => {
  const result = await autocannon(options)
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${options.method ?? 'GET'} ${options.path ?? options.url}: ${result.non2xx} non-2xx, ${result.errors} errors`,
    )
  }
  return result
}
