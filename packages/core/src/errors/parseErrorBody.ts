import type { Gs2ErrorDetail } from './gs2Error.ts'

export interface ParsedErrorBody {
  /** Human-readable summary for `Error.message`. */
  readonly message: string
  readonly details: readonly Gs2ErrorDetail[]
}

const MAX_RAW_MESSAGE = 200

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const toDetails = (value: unknown): Gs2ErrorDetail[] | undefined => {
  if (!Array.isArray(value)) return undefined
  const details: Gs2ErrorDetail[] = []
  for (const entry of value) {
    if (!isRecord(entry)) continue
    details.push({
      component: typeof entry.component === 'string' ? entry.component : '',
      message: typeof entry.message === 'string' ? entry.message : '',
      code: typeof entry.code === 'string' ? entry.code : '',
    })
  }
  return details
}

const summarise = (details: readonly Gs2ErrorDetail[], fallback: string): string => {
  const first = details[0]
  if (first === undefined) return fallback
  const text = first.message || first.code || fallback
  const where = first.component ? `${first.component}: ` : ''
  const code = first.code && first.code !== text ? ` (${first.code})` : ''
  const more = details.length > 1 ? ` (+${details.length - 1} more)` : ''
  return `${where}${text}${code}${more}`
}

/**
 * Reads a GS2 error body: `{"message": "<JSON string of [{component, message, code}]>"}`.
 * Proxies and load balancers answer with HTML or plain text, and some servers put the array in
 * `message` directly, so anything else degrades to a message without details instead of throwing.
 */
export const parseErrorBody = (text: string, status: number): ParsedErrorBody => {
  const fallback = `HTTP ${status}`
  const trimmed = text.trim()
  if (trimmed === '') return { message: fallback, details: [] }
  const body = tryJson(trimmed)
  if (isRecord(body)) {
    const inner = body.message
    const direct = toDetails(inner)
    if (direct) return { message: summarise(direct, fallback), details: direct }
    if (typeof inner === 'string') {
      const nested = toDetails(tryJson(inner))
      if (nested) return { message: summarise(nested, fallback), details: nested }
      return { message: inner || fallback, details: [] }
    }
    const errors = toDetails(body.errors)
    if (errors) return { message: summarise(errors, fallback), details: errors }
    return { message: fallback, details: [] }
  }
  const array = toDetails(body)
  if (array) return { message: summarise(array, fallback), details: array }
  const raw = trimmed.length > MAX_RAW_MESSAGE ? `${trimmed.slice(0, MAX_RAW_MESSAGE)}…` : trimmed
  return { message: `${fallback}: ${raw}`, details: [] }
}
