// bench/RESULTS.md is written by `pnpm bench` and read (and annotated) by people. Each
// generated part sits between `<!-- bench:KEY -->` and `<!-- /bench:KEY -->` (KEY: `header`, or
// a bench's file name), so a run of some benches replaces only their parts and every other
// line, including notes written by hand between the parts, stays as it was.

type Part =
  | { readonly kind: 'text'; readonly lines: readonly string[] }
  | { readonly kind: 'block'; readonly key: string; readonly lines: readonly string[] }

export const HEADER_KEY = 'header'

const START = /^<!-- bench:(\S+) -->$/
const END = /^<!-- \/bench:(\S+) -->$/
const KEY = /^[A-Za-z0-9._-]+$/

/** Splits RESULTS.md into generated blocks and the text around them; throws on broken markers. */
export function parseResults(markdown: string): Part[] {
  const lines = markdown.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n')
  const parts: Part[] = []
  const seen = new Set<string>()
  let text: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const orphanEnd = END.exec(line)
    if (orphanEnd) throw new Error(`RESULTS.md line ${i + 1}: ${line} without its start marker`)
    const start = START.exec(line)
    if (!start) {
      text.push(line)
      continue
    }
    const key = start[1] as string
    if (seen.has(key)) throw new Error(`RESULTS.md line ${i + 1}: a second block ${key}`)
    seen.add(key)
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length; j++) {
      const inner = lines[j] as string
      if (END.exec(inner)?.[1] === key) break
      if (START.test(inner) || END.test(inner)) {
        throw new Error(`RESULTS.md line ${j + 1}: ${inner} inside block ${key}`)
      }
      body.push(inner)
    }
    if (j === lines.length) throw new Error(`RESULTS.md line ${i + 1}: block ${key} never ends`)
    if (text.length > 0) parts.push({ kind: 'text', lines: text })
    text = []
    parts.push({ kind: 'block', key, lines: body })
    i = j
  }
  if (text.length > 0) parts.push({ kind: 'text', lines: text })
  return parts
}

/** The keys of the generated blocks, in file order; throws on broken markers. */
export const blockKeys = (markdown: string): string[] =>
  parseResults(markdown).flatMap((part) => (part.kind === 'block' ? [part.key] : []))

export interface ResultsUpdate {
  /** The header block's new text. */
  readonly header: string
  /** New text per bench (key: its file name), for the benches this run measured. */
  readonly sections: ReadonlyMap<string, string>
  /** Whether an old section not re-run stays: false once its bench file is gone. */
  readonly keep: (key: string) => boolean
}

/**
 * RESULTS.md after a run: the header and the re-run sections replaced in place, sections of
 * deleted benches dropped, new sections inserted in file-name order, everything else kept.
 */
export function mergeResults(markdown: string | undefined, update: ResultsUpdate): string {
  for (const key of [HEADER_KEY, ...update.sections.keys()]) {
    if (!KEY.test(key)) throw new Error(`not a RESULTS.md block key: ${key}`)
  }
  const lines = (text: string) => {
    const out = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n')
    const marker = out.find((line) => START.test(line) || END.test(line))
    if (marker !== undefined) throw new Error(`a RESULTS.md marker in generated text: ${marker}`)
    return out
  }
  const parts: Part[] = []
  for (const part of parseResults(markdown ?? '')) {
    if (part.kind === 'text') parts.push(part)
    else if (part.key === HEADER_KEY) parts.push({ ...part, lines: lines(update.header) })
    else if (update.sections.has(part.key)) {
      parts.push({ ...part, lines: lines(update.sections.get(part.key) as string) })
    } else if (update.keep(part.key)) parts.push(part)
  }
  if (!parts.some((p) => p.kind === 'block' && p.key === HEADER_KEY)) {
    parts.unshift({ kind: 'block', key: HEADER_KEY, lines: lines(update.header) }, blank())
  }
  for (const [key, text] of update.sections) {
    if (parts.some((p) => p.kind === 'block' && p.key === key)) continue
    const block: Part = { kind: 'block', key, lines: lines(text) }
    const next = parts.findIndex((p) => p.kind === 'block' && p.key !== HEADER_KEY && p.key > key)
    if (next === -1) parts.push(blank(), block)
    else parts.splice(next, 0, block, blank())
  }
  const out: string[] = []
  for (const part of parts) {
    if (part.kind === 'text') out.push(...part.lines)
    else out.push(`<!-- bench:${part.key} -->`, ...part.lines, `<!-- /bench:${part.key} -->`)
  }
  return `${out.join('\n').replace(/^\n+/, '')}\n`
}

const blank = (): Part => ({ kind: 'text', lines: [''] })
