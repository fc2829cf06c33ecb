import { loginFailureText } from './describeEvent.ts'

const codesOf = (error: unknown): string[] => {
  if (typeof error !== 'object' || error === null) return []
  const { code, details } = error as { code?: unknown; details?: unknown }
  const codes = typeof code === 'string' ? [code] : []
  if (Array.isArray(details)) {
    for (const detail of details as { code?: unknown }[]) {
      if (typeof detail?.code === 'string') codes.push(detail.code)
    }
  }
  return codes
}

/**
 * What the transfer-code form says when a takeover fails: which part to check, in the
 * player's words. The server's code stays in the HUD log for support.
 */
export function transferErrorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const { name, field, status } = error as { name?: unknown; field?: unknown; status?: unknown }
  if (name === 'ValidationError') {
    const what = typeof field === 'string' && /password/i.test(field) ? 'password' : 'transfer code'
    return `That ${what} is not valid: check it and type it again (letters and digits; dashes and case do not matter).`
  }
  const codes = codesOf(error)
  if (codes.some((code) => code.includes('password.invalid'))) {
    return 'The transfer code and password do not match. Check both and try again.'
  }
  if (status === 404 || codes.some((code) => code.endsWith('notFound'))) {
    return 'No player has this transfer code. Check it, or make a new one on your other device (a new code replaces the old one).'
  }
  if (status === 429 || status === 409)
    return 'Too many tries at once. Wait a moment and try again.'
  return loginFailureText(error)
}
