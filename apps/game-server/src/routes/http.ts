import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { clip, invalidRequest, OAuthError } from '../errors/oauthError.ts'

/** Answers an error as OAuth JSON; anything unexpected is a 500 that leaks nothing. */
export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof OAuthError) {
    c.header('Cache-Control', 'no-store')
    if (error.retryAfterSeconds !== undefined)
      c.header('Retry-After', String(error.retryAfterSeconds))
    if (error.error === 'invalid_client') c.header('WWW-Authenticate', 'Basic realm="gs2ez"')
    if (error.error === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="gs2ez-admin"')
    return c.json(error.toJSON(), error.status as 400)
  }
  console.error('[game-server] unexpected error', error)
  return c.json({ error: 'server_error', error_description: 'Internal error.' }, 500)
}

const mediaType = (c: Context): string =>
  (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''

/** A JSON object body; anything else is a 400 naming what is wrong. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  if (mediaType(c) !== 'application/json') {
    throw invalidRequest('content-type', 'must be application/json')
  }
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch {
    throw invalidRequest('body', 'is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('body', 'must be a JSON object')
  }
  return body as Record<string, unknown>
}

/** An application/x-www-form-urlencoded body; a repeated parameter is an error (RFC 6749 §3.2). */
export async function readForm(c: Context): Promise<Record<string, string>> {
  if (mediaType(c) !== 'application/x-www-form-urlencoded') {
    throw invalidRequest('content-type', 'must be application/x-www-form-urlencoded')
  }
  const form: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(await c.req.text())) {
    if (Object.hasOwn(form, key)) throw invalidRequest(clip(key), 'must not be repeated')
    form[key] = value
  }
  return form
}

/**
 * The TCP peer. Behind a reverse proxy this is the proxy: put the limit there, or replace this
 * with the proxy's trusted header. Undefined when the app runs without a socket (`app.request`).
 */
export function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address
  } catch {
    return undefined
  }
}
