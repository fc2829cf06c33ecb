import * as z from 'zod/mini'
import { MAX_TIMEOUT_MS, timeoutField, validateCallOptions } from './callOptions.ts'
import { BasicGs2Credential, ProjectTokenGs2Credential } from './credentials.ts'
import { DEFAULT_ENDPOINT_TEMPLATE, serviceEndpoint, validateEndpointTemplate } from './endpoint.ts'
import { SessionClosedError } from './errors/clientErrors.ts'
import { errorFromResponse } from './errors/errorFromResponse.ts'
import type { Gs2Error } from './errors/gs2Error.ts'
import { Gs2SchemaError } from './errors/gs2SchemaError.ts'
import { ValidationError } from './errors/validationError.ts'
import type { CallOptions, Gs2Request } from './gs2Request.ts'
import { buildGs2Headers } from './headers.ts'
import { type ProjectToken, ProjectTokenManager } from './projectTokenManager.ts'
import { DEFAULT_REGION, GS2_REGIONS, type Gs2Region } from './region.ts'
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryLimit } from './retryPolicy.ts'
import { DateHeaderServerClock, type ServerClock } from './serverClock.ts'
import { type Clock, systemClock, systemRandom, systemTimers, type Timers } from './sideEffects.ts'
import { type RawResponse, Transport } from './transport.ts'
import { type Schema, validateInput } from './validateInput.ts'

export interface Gs2RestSessionOptions {
  credential: BasicGs2Credential | ProjectTokenGs2Credential
  /** Default 'ap-northeast-1'. */
  region?: Gs2Region
  /** Default `https://{service}.{region}.gen2.gs2io.com`; the emulator: `http://127.0.0.1:PORT/{service}`. */
  endpointTemplate?: string
  fetch?: typeof fetch
  clock?: Clock
  timers?: Timers
  random?: () => number
  /** Per-attempt timeout, default 10 000 ms (the official C# SDK's). */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
}

export const DEFAULT_TIMEOUT_MS = 10_000

// zod/mini keeps the browser bundle small: these run on every call.
const ProjectTokenLoginSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.nullish(z.string()),
  expires_in: z.number().check(z.positive()),
  owner_id: z.nullish(z.string()),
})

const delayField = z.optional(z.int().check(z.minimum(0), z.maximum(MAX_TIMEOUT_MS)))
const RetryPolicySchema = z.object({
  maxAttempts: z.optional(z.int().check(z.minimum(1), z.maximum(10))),
  baseDelayMs: delayField,
  maxDelayMs: delayField,
  maxRetryAfterMs: delayField,
})

const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE']
const SERVICE_ID = /^[a-z][a-z0-9-]*$/
const PATH = /^\/[^?#]*$/

const checkRequest = (request: Gs2Request<unknown>): void => {
  const fail = (field: string, message: string) => {
    throw new ValidationError(`${field} ${message}`, { field, reason: 'invalid_format' })
  }
  if (typeof request !== 'object' || request === null) fail('request', 'must be an object')
  if (typeof request.service !== 'string' || !SERVICE_ID.test(request.service)) {
    fail('service', 'must be a lowercase GS2 service id')
  }
  if (!METHODS.includes(request.method)) fail('method', `must be one of ${METHODS.join(', ')}`)
  if (typeof request.path !== 'string' || !PATH.test(request.path)) {
    fail('path', 'must start with "/" and have no query')
  }
  if (typeof (request.schema as { _zod?: unknown } | undefined)?._zod !== 'object') {
    fail('schema', 'must be a zod schema')
  }
}

const SecretSchema = z.string().check(z.minLength(1), z.maxLength(4096))
const ClientIdSchema = z.string().check(z.minLength(1), z.maxLength(1024))

const isFunction = (v: unknown) => v === undefined || typeof v === 'function'

/**
 * A connection to one GS2 project in one region: credentials, project token, headers, timeouts,
 * retries and the server clock. Domain clients (auth, account) describe calls; the session sends
 * them through ky (see `Transport`).
 *
 * Retries: retryable failures (GS2 table: 402, 409, 5xx, 504, no response, client timeout) are
 * retried by ky with capped, jittered exponential backoff, or after `Retry-After` when the server
 * sent one. Requests marked `idempotent: false` are sent exactly once; so is any call made with
 * `retry: false` (a caller that runs its own backoff, such as Ez's re-authentication, passes it
 * so that each of its attempts is one request, not `maxAttempts`).
 *
 * 401s: when a call authenticated only by the project token gets a 401 whose code is about the
 * project token (or that has no code), the token may have expired early or been revoked: the
 * session logs in again once and replays (even a non-idempotent call: a 401 means it did not
 * run). A 401 on a call carrying a user access token, or one with a non-token code such as
 * `account.password.invalid`, is the user's problem and surfaces as is: re-authenticating the
 * user is the Ez layer's job.
 *
 * Timeouts and abort: each attempt times out after `timeoutMs` (TimeoutError, retryable). A
 * caller's AbortSignal ends the whole call, waits included, with gs2ez's `AbortError` (name
 * `AbortError`, `cause` = the signal's reason), never retried. `close()` ends in-flight calls
 * with SessionClosedError.
 */
export class Gs2RestSession {
  readonly region: Gs2Region
  readonly clientId: string
  readonly serverClock: ServerClock
  readonly #template: string
  readonly #clock: Clock
  readonly #timeoutMs: number
  readonly #policy: RetryPolicy
  readonly #transport: Transport
  readonly #tokens: ProjectTokenManager
  readonly #closing = new AbortController()

  constructor(options: Gs2RestSessionOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('options are required', { field: 'options', reason: 'required' })
    }
    const credential = options.credential
    if (
      !(credential instanceof BasicGs2Credential || credential instanceof ProjectTokenGs2Credential)
    ) {
      throw new ValidationError(
        'credential must be a BasicGs2Credential or a ProjectTokenGs2Credential',
        { field: 'credential', reason: 'invalid_type' },
      )
    }
    validateInput(ClientIdSchema, credential.clientId, 'credential.clientId')
    const secret =
      credential instanceof BasicGs2Credential ? credential.clientSecret : credential.projectToken
    validateInput(
      SecretSchema,
      secret,
      credential instanceof BasicGs2Credential
        ? 'credential.clientSecret'
        : 'credential.projectToken',
    )
    const region = options.region ?? DEFAULT_REGION
    if (!(GS2_REGIONS as readonly string[]).includes(region)) {
      throw new ValidationError(`region must be one of ${GS2_REGIONS.join(', ')} (got ${region})`, {
        field: 'region',
        reason: 'invalid_value',
      })
    }
    for (const name of ['fetch', 'random'] as const) {
      if (!isFunction(options[name])) {
        throw new ValidationError(`${name} must be a function`, {
          field: name,
          reason: 'invalid_type',
        })
      }
    }
    if (options.clock !== undefined && typeof options.clock?.now !== 'function') {
      throw new ValidationError('clock must have now()', { field: 'clock', reason: 'invalid_type' })
    }
    if (
      options.timers !== undefined &&
      (typeof options.timers?.setTimeout !== 'function' ||
        typeof options.timers?.clearTimeout !== 'function')
    ) {
      throw new ValidationError('timers must have setTimeout() and clearTimeout()', {
        field: 'timers',
        reason: 'invalid_type',
      })
    }
    this.#timeoutMs =
      options.timeoutMs === undefined
        ? DEFAULT_TIMEOUT_MS
        : validateInput(timeoutField, options.timeoutMs, 'timeoutMs')
    const retry = validateInput(RetryPolicySchema, options.retry ?? {}, 'retry')
    const policy = { ...DEFAULT_RETRY_POLICY, ...(stripUndefined(retry) as Partial<RetryPolicy>) }
    this.#policy = policy

    // A fixed token goes into a header as is: refuse one that Headers would reject, by name.
    if (credential instanceof ProjectTokenGs2Credential) {
      buildGs2Headers({ method: 'GET', path: '/', projectToken: credential.projectToken })
    }
    this.region = region
    this.clientId = credential.clientId
    this.#template = validateEndpointTemplate(options.endpointTemplate ?? DEFAULT_ENDPOINT_TEMPLATE)
    this.#clock = options.clock ?? systemClock
    const serverClock = new DateHeaderServerClock(this.#clock)
    this.serverClock = serverClock
    const injectedFetch = options.fetch
    this.#transport = new Transport({
      fetch: () => injectedFetch ?? ((input, init) => globalThis.fetch(input, init)),
      clock: this.#clock,
      random: options.random ?? systemRandom,
      policy,
      serverClock,
      closeSignal: this.#closing.signal,
    })
    this.#tokens = new ProjectTokenManager({
      clock: this.#clock,
      timers: options.timers ?? systemTimers,
      login: credential instanceof BasicGs2Credential ? () => this.#login(credential) : undefined,
      initial:
        credential instanceof ProjectTokenGs2Credential
          ? {
              value: credential.projectToken,
              expiresAt: Number.POSITIVE_INFINITY,
              ownerId: undefined,
            }
          : undefined,
    })
  }

  /** Owner (project) id from the project-token login; undefined before it or with a fixed token. */
  get ownerId(): string | undefined {
    return this.#tokens.ownerId
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closing.signal.aborted
  }

  /** Base URL of a service, e.g. `https://auth.ap-northeast-1.gen2.gs2io.com`. */
  endpoint(service: string): string {
    return serviceEndpoint(this.#template, service, this.region)
  }

  /**
   * Logs in for a project token (once, however many callers wait) and keeps it renewed before it
   * expires. Requests call it themselves; calling it up front surfaces bad credentials early.
   */
  async connect(options: CallOptions = {}): Promise<void> {
    const call = validateCallOptions(options)
    await this.#tokens.ensure(call.signal)
  }

  /** Stops the renewal timer and fails in-flight and later calls with SessionClosedError. */
  close(): void {
    if (this.closed) return
    this.#closing.abort(new SessionClosedError())
    this.#tokens.close()
  }

  async request<T>(request: Gs2Request<T>): Promise<T> {
    checkRequest(request)
    const call = validateCallOptions(request)
    if (this.closed) throw new SessionClosedError()
    const headers = buildGs2Headers({
      method: request.method,
      path: request.path,
      clientId: this.clientId,
      accessToken: request.accessToken,
      timeOffsetToken: request.timeOffsetToken,
      requestId: request.requestId,
      duplicationAvoider: request.duplicationAvoider,
    })
    const raw = await this.#transport.send({
      url: this.#url(request.service, request.path, request.query),
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      timeoutMs: call.timeoutMs ?? this.#timeoutMs,
      // A call that may take effect twice (createAccount) is sent exactly once.
      retries: request.idempotent === false ? 0 : retryLimit(call.retry, this.#policy),
      signal: call.signal,
      projectToken: () => this.#tokens.ensure(call.signal),
      renewProjectToken: (error, rejected) => this.#renewAfter(error, rejected, request, call),
    })
    return this.#parse(raw, request.schema)
  }

  async #renewAfter(
    error: Gs2Error,
    rejected: string,
    request: Gs2Request<unknown>,
    call: CallOptions,
  ): Promise<boolean> {
    if (request.accessToken !== undefined || !this.#tokens.canLogin) return false
    // Only a rejected project token is cured by logging in again; an untrusted credential or a
    // wrong password is not, so those surface at once. No code at all: assume the token.
    const codes = error.details.map((d) => d.code).filter((c) => c !== '')
    const aboutToken =
      codes.length === 0 ||
      codes.some((c) => /projectToken/i.test(c) || (/token/i.test(c) && !/access/i.test(c)))
    return aboutToken && (await this.#tokens.renew(rejected, call.signal)) !== undefined
  }

  #url(service: string, path: string, query: Gs2Request<unknown>['query']): string {
    const base = `${this.endpoint(service)}${path}`
    if (!query) return base
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.append(key, String(value))
    }
    const text = params.toString()
    return text ? `${base}?${text}` : base
  }

  #parse<T>(raw: RawResponse, schema: Schema<T>): T {
    if (raw.status !== 200) throw errorFromResponse(raw, this.#clock.now())
    let json: unknown
    try {
      json = JSON.parse(raw.body)
    } catch (cause) {
      throw new Gs2SchemaError('response body is not JSON', {
        status: raw.status,
        issues: [{ path: [], message: 'not JSON' }],
        cause,
      })
    }
    const result = z.safeParse(schema, json)
    if (result.success) return result.data
    const issues = result.error.issues.map((i) => ({ path: i.path, message: i.message }))
    const first = issues[0]
    const where = first && first.path.length > 0 ? first.path.map(String).join('.') : 'body'
    throw new Gs2SchemaError(`unexpected response: ${where} ${first?.message ?? 'is invalid'}`, {
      status: raw.status,
      issues,
      cause: result.error,
    })
  }

  async #login(credential: BasicGs2Credential): Promise<ProjectToken> {
    const result = await this.#sendLogin(credential)
    return {
      value: result.access_token,
      expiresAt: this.#clock.now() + result.expires_in * 1000,
      ownerId: result.owner_id ?? undefined,
    }
  }

  // The login has no project token yet, so it bypasses `request` (which would wait for one) but
  // shares its transport, timeout and retry policy. Like every official SDK, it sends no
  // X-GS2-CLIENT-ID: the client id travels in the body.
  async #sendLogin(credential: BasicGs2Credential) {
    const raw = await this.#transport.send({
      url: `${this.endpoint('identifier')}/projectToken/login`,
      method: 'POST',
      headers: buildGs2Headers({ method: 'POST', path: '/projectToken/login' }),
      body: JSON.stringify({
        client_id: credential.clientId,
        client_secret: credential.clientSecret,
      }),
      timeoutMs: this.#timeoutMs,
      retries: this.#policy.maxAttempts - 1,
    })
    return this.#parse(raw, ProjectTokenLoginSchema)
  }
}

/** Only the call options of an options bag, checked, so stray keys never reach the request. */
export const pickCallOptions = (options: CallOptions | undefined): CallOptions =>
  validateCallOptions(options)

const stripUndefined = (value: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
