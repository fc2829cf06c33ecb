export interface CopyEnvironment {
  /** Default: `navigator.clipboard` when present, looked up when used. */
  readonly clipboard?: () => Pick<Clipboard, 'writeText'> | undefined
  /** Default: `document`, for the execCommand fallback. */
  readonly document?: () => Document | undefined
}

/**
 * Copies `text`; true when it reached the clipboard. `navigator.clipboard` is missing outside a
 * secure context (the game opened on a LAN address over http) and may be refused, so a hidden
 * textarea and `execCommand('copy')` stand in: deprecated, but still what works there.
 */
export async function copyToClipboard(text: string, env: CopyEnvironment = {}): Promise<boolean> {
  const clipboard = (
    env.clipboard ?? (() => (typeof navigator === 'undefined' ? undefined : navigator.clipboard))
  )()
  if (clipboard) {
    try {
      await clipboard.writeText(text)
      return true
    } catch {
      // Refused (no user gesture, permission): try the old way.
    }
  }
  const doc = (env.document ?? (() => (typeof document === 'undefined' ? undefined : document)))()
  if (!doc) return false
  const area = doc.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  doc.body.append(area)
  area.select()
  try {
    return doc.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
