/** Bounds on a fault's path glob: what keeps matching cheap whatever an admin call sends. */
export const GLOB_LIMITS = { length: 512, segments: 32 } as const

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'star'; readonly prefix: string; readonly suffix: string }
  | { readonly kind: 'rest' }

/** A compiled glob: `test` runs in time linear in the path, with no regular expression. */
export interface PathGlob {
  readonly glob: string
  test(path: string): boolean
}

/**
 * Why `glob` is not a valid fault path, or undefined. A segment is literal text, `*` (one
 * whole segment), text with one `*` inside (`acc*nt`: a prefix and a suffix around at least
 * one character), or `**` as the last segment (the rest of the path, however many segments).
 * One star per segment and `**` only at the end are what make matching linear: there is never
 * a choice to backtrack over.
 */
export const globProblem = (glob: string): string | undefined => {
  if (glob.length > GLOB_LIMITS.length) return `at most ${GLOB_LIMITS.length} characters`
  const segments = glob.replace(/\/+$/, '').split('/').slice(1)
  if (segments.length > GLOB_LIMITS.segments) return `at most ${GLOB_LIMITS.segments} segments`
  for (const [i, segment] of segments.entries()) {
    if (segment === '**') {
      if (i !== segments.length - 1) return '** only as the last segment'
      continue
    }
    if (segment.indexOf('*') !== segment.lastIndexOf('*')) return 'one * per segment'
  }
  return undefined
}

const compileSegment = (segment: string): Segment => {
  if (segment === '**') return { kind: 'rest' }
  const star = segment.indexOf('*')
  if (star < 0) return { kind: 'literal', text: segment }
  return { kind: 'star', prefix: segment.slice(0, star), suffix: segment.slice(star + 1) }
}

const matchSegment = (pattern: Segment, segment: string): boolean => {
  if (pattern.kind === 'literal') return pattern.text === segment
  if (pattern.kind === 'rest') return true
  return (
    segment.length > pattern.prefix.length + pattern.suffix.length &&
    segment.startsWith(pattern.prefix) &&
    segment.endsWith(pattern.suffix)
  )
}

/**
 * Compiles a glob that passed `globProblem`: `*` is one path segment, `**` anything from there
 * on; a trailing slash is ignored on both sides.
 */
export const pathGlob = (glob: string): PathGlob => {
  const problem = globProblem(glob)
  if (problem !== undefined) throw new TypeError(`invalid path glob ${glob}: ${problem}`)
  const patterns = glob.replace(/\/+$/, '').split('/').slice(1).map(compileSegment)
  const rest = patterns[patterns.length - 1]?.kind === 'rest'
  return {
    glob,
    test: (path) => {
      if (!path.startsWith('/')) return false
      const trimmed = path.endsWith('/') ? path.slice(0, -1) : path
      const segments = trimmed === '' ? [] : trimmed.slice(1).split('/')
      const fixed = rest ? patterns.length - 1 : patterns.length
      if (rest ? segments.length < fixed : segments.length !== fixed) return false
      for (let i = 0; i < fixed; i++) {
        if (!matchSegment(patterns[i] as Segment, segments[i] as string)) return false
      }
      return true
    },
  }
}
