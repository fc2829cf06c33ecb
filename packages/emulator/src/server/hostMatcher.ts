import { GS2_HOST } from './hostRouting.ts'

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/
const IPV6 = /^\[[0-9a-f:.]+\]$/i

/** `host[:port]` without the port; a bracketed IPv6 literal keeps its brackets. */
const hostName = (host: string): string => {
  const value = host.trim().toLowerCase()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    return end < 0 ? value : value.slice(0, end + 1)
  }
  const colon = value.indexOf(':')
  const name = colon < 0 ? value : value.slice(0, colon)
  return name.endsWith('.') ? name.slice(0, -1) : name
}

/**
 * Which `Host` headers the emulator answers. DNS rebinding makes a browser send a foreign
 * page's requests to 127.0.0.1 with that page's own host name in `Host`; every name but the
 * ones below is refused. An IP literal cannot be rebound (the page's origin is then the IP
 * itself), so IP literals pass, as in Vite's dev server: loopback, and the machine's own
 * addresses when listening on a LAN. Names: `localhost`, `*.localhost` (RFC 6761 keeps them
 * on loopback), GS2's service hosts (host routing) and the configured `allowedHosts`.
 */
export const hostMatcher = (
  allowedHosts: readonly string[],
): ((host: string | undefined) => boolean) => {
  const exact = new Set(allowedHosts.filter((h) => !h.startsWith('.')))
  const suffixes = allowedHosts.filter((h) => h.startsWith('.'))
  const decide = (host: string): boolean => {
    if (host.length > 300) return false
    const name = hostName(host)
    if (name === 'localhost' || name.endsWith('.localhost')) return true
    if (IPV4.test(name) || IPV6.test(name)) return true
    if (exact.has(name) || suffixes.some((s) => name.endsWith(s))) return true
    return GS2_HOST.test(host.trim())
  }
  // Clients send the same Host on every request: one Map lookup on the hot path.
  const cache = new Map<string, boolean>()
  return (host) => {
    // HTTP/1.0 without Host, or an in-process Request: no browser sends those.
    if (host === undefined) return true
    let allowed = cache.get(host)
    if (allowed === undefined) {
      allowed = decide(host)
      if (cache.size < 1000) cache.set(host, allowed)
    }
    return allowed
  }
}
