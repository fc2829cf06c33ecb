import { z } from 'zod'
import { GLOB_LIMITS, globProblem } from './pathGlob.ts'

/**
 * The public APIs a fault can name, as GS2's SDKs name them. The value is what the emulator
 * routes (method and path glob), so `api` is only a friendlier spelling of `method` + `path`.
 */
export const FAULT_APIS = {
  'identifier.login': ['POST', '/identifier/projectToken/login'],
  'account.createAccount': ['POST', '/account/*/account'],
  'account.authentication': ['PUT', '/account/*/account/*'],
  'account.getAccount': ['GET', '/account/*/account/*'],
  'account.deleteAccount': ['DELETE', '/account/*/account/*'],
  'account.createTakeOver': ['POST', '/account/*/account/me/takeover'],
  'account.describeTakeOvers': ['GET', '/account/*/account/me/takeover'],
  'account.getTakeOver': ['GET', '/account/*/account/me/takeover/type/*'],
  'account.updateTakeOver': ['PUT', '/account/*/account/me/takeover/type/*'],
  'account.deleteTakeOver': ['DELETE', '/account/*/account/me/takeover/type/*'],
  'account.doTakeOver': ['POST', '/account/*/takeover/type/*'],
  'auth.login': ['POST', '/auth/login'],
  'auth.loginBySignature': ['POST', '/auth/login/signed'],
  'auth.federation': ['POST', '/auth/federation'],
  'auth.issueTimeOffsetTokenByUserId': ['POST', '/auth/timeoffset/token'],
  'auth.getServiceVersion': ['GET', '/auth/system/version'],
} as const satisfies Record<string, readonly [string, string]>

export type FaultApi = keyof typeof FAULT_APIS

/**
 * Statuses a fault may answer: GS2's own under load or outage (402 quota, 5xx, 504; see the
 * protocol's table) and 429, which a proxy or CDN in front of a game's traffic may answer.
 */
export const FAULT_STATUSES = [402, 429, 500, 502, 503, 504] as const
export type FaultStatus = (typeof FAULT_STATUSES)[number]

const apiNames = Object.keys(FAULT_APIS) as [FaultApi, ...FaultApi[]]

/** `POST /__emulator/faults`: what to break, how, and for how long (README, Fault injection). */
export const FaultSpecSchema = z
  .object({
    api: z.enum(apiNames).optional(),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']).optional(),
    path: z
      .string()
      .min(1)
      .max(GLOB_LIMITS.length)
      .regex(/^\/[A-Za-z0-9_.~{}:%*/-]*$/, 'a path starting with /; * is one segment, ** the rest')
      .optional(),
    status: z.literal(FAULT_STATUSES).optional(),
    retryAfterSeconds: z.int().min(0).max(3600).optional(),
    delayMs: z.int().min(0).max(120_000).optional(),
    // true is 'before': the API never runs. 'after' runs it and loses the answer, the case a
    // client must not blindly retry (createAccount without a duplication avoider).
    drop: z.union([z.boolean(), z.enum(['before', 'after'])]).optional(),
    times: z.int().min(1).max(1_000_000).optional(),
    durationMs: z
      .int()
      .min(1)
      .max(24 * 3_600_000)
      .optional(),
  })
  .check((ctx) => {
    const spec = ctx.value
    const issue = (path: string, message: string) =>
      ctx.issues.push({ code: 'custom', path: [path], message, input: spec })
    if ((spec.api === undefined) === (spec.path === undefined))
      issue('api', 'give exactly one of api, path')
    if (spec.api !== undefined && spec.method !== undefined)
      issue('method', 'method goes with path; an api names its own')
    const drops = spec.drop !== undefined && spec.drop !== false
    if (spec.status === undefined && spec.delayMs === undefined && !drops)
      issue('status', 'give at least one of status, delayMs, drop')
    if (drops && spec.status !== undefined) issue('drop', 'a dropped connection has no status')
    const problem = spec.path === undefined ? undefined : globProblem(spec.path)
    if (problem !== undefined) issue('path', problem)
    if (spec.retryAfterSeconds !== undefined && spec.status === undefined)
      issue('retryAfterSeconds', 'Retry-After goes with a status')
  })

export type FaultSpec = z.output<typeof FaultSpecSchema>
