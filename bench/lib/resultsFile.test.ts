import { describe, expect, it } from 'vitest'
import { blockKeys, mergeResults, parseResults, type ResultsUpdate } from './resultsFile.ts'

const block = (key: string, ...lines: string[]) =>
  [`<!-- bench:${key} -->`, ...lines, `<!-- /bench:${key} -->`].join('\n')

const existing = [
  block('header', '# Benchmark results', '', 'Last run: long ago.'),
  '',
  block('a.bench.ts', '## A', '', 'a: 1 ms'),
  '',
  'Hand-written note about A, kept by every run.',
  '',
  block('c.bench.ts', '## C', '', 'c: 3 ms'),
  '',
  block('gone.bench.ts', '## Gone', '', 'gone: 9 ms'),
  '',
].join('\n')

const update = (sections: Record<string, string>, files = ['a', 'b', 'c', 'd']): ResultsUpdate => ({
  header: '# Benchmark results\n\nLast run: now.',
  sections: new Map(Object.entries(sections)),
  keep: (key) => files.map((f) => `${f}.bench.ts`).includes(key),
})

describe('mergeResults', () => {
  it('replaces only the sections of the benches that ran, and the header', () => {
    const out = mergeResults(existing, update({ 'c.bench.ts': '## C\n\nc: 2 ms' }))
    expect(out).toContain(block('c.bench.ts', '## C', '', 'c: 2 ms'))
    expect(out).not.toContain('c: 3 ms')
    expect(out).toContain(block('a.bench.ts', '## A', '', 'a: 1 ms'))
    expect(out).toContain('Hand-written note about A, kept by every run.')
    expect(out).toContain('Last run: now.')
    expect(out).not.toContain('long ago')
    // The note stays under A, not under the section that replaced C.
    expect(out.indexOf('Hand-written')).toBeLessThan(out.indexOf('<!-- bench:c.bench.ts -->'))
  })

  it('drops the section of a bench whose file is gone, inserts new ones in file order', () => {
    const out = mergeResults(
      existing,
      update({ 'b.bench.ts': '## B\n\nb: 2 ms', 'd.bench.ts': '## D\n\nd: 4 ms' }),
    )
    expect(out).not.toContain('gone: 9 ms')
    const order = ['header', 'a', 'b', 'c', 'd'].map((k) =>
      out.indexOf(`<!-- bench:${k === 'header' ? k : `${k}.bench.ts`} -->`),
    )
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((x, y) => x - y)).toEqual(order)
    expect(out.indexOf('Hand-written')).toBeLessThan(out.indexOf('<!-- bench:b.bench.ts -->'))
  })

  it('writes a whole file from nothing, and a re-run gives the same file', () => {
    const first = mergeResults(undefined, update({ 'a.bench.ts': '## A\n\na: 1 ms' }))
    expect(first.startsWith('<!-- bench:header -->\n# Benchmark results')).toBe(true)
    expect(first.endsWith('<!-- /bench:a.bench.ts -->\n')).toBe(true)
    expect(mergeResults(first, update({ 'a.bench.ts': '## A\n\na: 1 ms' }))).toBe(first)
  })

  it('keeps text from before markers existed instead of losing it', () => {
    const out = mergeResults('# Old results\n\nfigures', update({ 'a.bench.ts': '## A' }))
    expect(out).toContain('# Old results\n\nfigures')
    expect(out.indexOf('<!-- bench:header -->')).toBe(0)
  })

  it('refuses generated text that would break the markers', () => {
    expect(() =>
      mergeResults(existing, update({ 'a.bench.ts': '## A\n<!-- /bench:a.bench.ts -->' })),
    ).toThrow(/marker in generated text/)
    expect(() => mergeResults(existing, update({ 'a b': '## A' }))).toThrow(/block key/)
  })
})

describe('parseResults', () => {
  it('finds the blocks in file order', () => {
    expect(blockKeys(existing)).toEqual(['header', 'a.bench.ts', 'c.bench.ts', 'gone.bench.ts'])
  })

  it('names the line of a broken marker', () => {
    expect(() => parseResults(`${block('a', 'x')}\n<!-- /bench:a -->`)).toThrow(/line 4/)
    expect(() => parseResults('<!-- bench:a -->\nx')).toThrow(/block a never ends/)
    expect(() => parseResults(`${block('a', 'x')}\n${block('a', 'y')}`)).toThrow(/second block a/)
    expect(() => parseResults('<!-- bench:a -->\n<!-- bench:b -->\n<!-- /bench:a -->')).toThrow(
      /inside block a/,
    )
  })
})
