/**
 * `Retry-After` as milliseconds: either delta-seconds or an HTTP date. A date is measured against
 * the response's own `Date` header when there is one, so a skewed local clock does not matter.
 * Returns undefined when absent or unreadable.
 */
export const parseRetryAfter = (
  value: string | null | undefined,
  options: { now: number; responseDate?: string | null | undefined },
): number | undefined => {
  if (value === null || value === undefined) return undefined
  const text = value.trim()
  if (text === '') return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  const serverNow = options.responseDate ? Date.parse(options.responseDate) : Number.NaN
  const reference = Number.isNaN(serverNow) ? options.now : serverNow
  return Math.max(0, at - reference)
}
