import { gunzipSync, inflateSync } from 'node:zlib'
import { badRequest } from './emulatorError.ts'
import { requestHeader } from './requestHeader.ts'

/** Cap on a request body, compressed and after decompression (a gzip bomb stops here too). */
export const MAX_BODY_BYTES = 1024 * 1024

const tooLarge = () =>
  badRequest('body', 'emulator.body.tooLarge', `body: larger than ${MAX_BODY_BYTES} bytes`)

const readCapped = async (request: Request): Promise<Buffer> => {
  const declared = requestHeader(request, 'content-length')
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) throw tooLarge()
  if (declared !== undefined && /^\d+$/.test(declared)) {
    // HTTP framing holds the body to its declared length, so the cap is already enforced; the
    // node adapter then reads it straight into a Buffer without building web streams.
    let bytes: ArrayBuffer
    try {
      bytes = await request.arrayBuffer()
    } catch {
      throw badRequest('body', 'emulator.body.aborted', 'body: the request body could not be read')
    }
    // In-process requests (app.fetch) have no framing: check the length again.
    if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge()
    return Buffer.from(bytes)
  }
  if (request.body === null) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch {
      throw badRequest('body', 'emulator.body.aborted', 'body: the request body could not be read')
    }
    if (chunk.done) break
    size += chunk.value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(chunk.value)
  }
  return Buffer.concat(chunks, size)
}

const decode = (raw: Buffer, encoding: string | undefined): Buffer => {
  const enc = (encoding ?? 'identity').trim().toLowerCase()
  if (enc === '' || enc === 'identity') return raw
  if (enc !== 'gzip' && enc !== 'deflate' && enc !== 'x-gzip') {
    throw badRequest(
      'Content-Encoding',
      'emulator.body.encoding',
      `Content-Encoding: ${enc} is not supported (gzip, deflate)`,
    )
  }
  try {
    const options = { maxOutputLength: MAX_BODY_BYTES }
    return enc === 'deflate' ? inflateSync(raw, options) : gunzipSync(raw, options)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge()
    throw badRequest('body', 'emulator.body.malformed', `body: not valid ${enc} data`)
  }
}

const IDENTITY = new Set(['', 'identity'])

const readText = async (request: Request): Promise<string> => {
  const encoding = requestHeader(request, 'content-encoding')
  const declared = requestHeader(request, 'content-length')
  if (
    (encoding === undefined || IDENTITY.has(encoding.trim().toLowerCase())) &&
    declared !== undefined &&
    /^\d+$/.test(declared)
  ) {
    // The common case: a plain body of declared length, decoded by the adapter in one step.
    if (Number(declared) > MAX_BODY_BYTES) throw tooLarge()
    let text: string
    try {
      text = await request.text()
    } catch {
      throw badRequest('body', 'emulator.body.aborted', 'body: the request body could not be read')
    }
    // In-process requests (app.fetch) have no framing: check again (UTF-8 is <= 3 bytes per unit).
    if (text.length * 3 > MAX_BODY_BYTES && Buffer.byteLength(text) > MAX_BODY_BYTES)
      throw tooLarge()
    return text
  }
  const raw = await readCapped(request)
  return raw.length === 0 ? '' : decode(raw, encoding).toString('utf8')
}

/**
 * A body's text as a JSON object. An empty body is `{}` (GET-like calls from some clients carry
 * none); anything but a JSON object is a 400 naming `body`.
 */
export const parseJsonObject = (body: string): Record<string, unknown> => {
  const text = body.trim()
  if (text === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw badRequest('body', 'emulator.body.malformed', 'body: malformed JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('body', 'emulator.body.malformed', 'body: must be a JSON object')
  }
  return parsed as Record<string, unknown>
}

/** Reads a request's JSON object body (parseJsonObject's rules), decompressed and capped. */
export const readJsonBody = async (request: Request): Promise<Record<string, unknown>> =>
  parseJsonObject(await readText(request))
