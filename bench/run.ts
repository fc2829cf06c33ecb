// `pnpm bench`: runs every bench/*.bench.ts, or those whose file name contains a name given on
// the command line, and writes their sections of bench/RESULTS.md. A partial run replaces only
// its own sections (see lib/resultsFile.ts): the others and any hand-written notes stay. Each
// figure is shown next to the baseline measured in the same run.
import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Benchmark, Figure } from './lib/benchmark.ts'
import { formatFigure, formatTarget, ratioOf, targetMet } from './lib/report.ts'
import { blockKeys, HEADER_KEY, mergeResults } from './lib/resultsFile.ts'

const here = dirname(fileURLToPath(import.meta.url))
const resultsPath = join(here, 'RESULTS.md')
const only = process.argv.slice(2)

const readResults = () =>
  readFile(resultsPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })

const allFiles = (await readdir(here)).filter((file) => file.endsWith('.bench.ts')).sort()
const files = allFiles.filter(
  (file) => only.length === 0 || only.some((name) => file.includes(name)),
)
if (files.length === 0) throw new Error(`no benchmark matches ${only.join(', ')}`)
// A RESULTS.md whose markers are broken would be refused at the end: refuse before the benches
// have spent minutes.
blockKeys((await readResults()) ?? '')

interface Section {
  readonly file: string
  readonly benchmark: Benchmark
  readonly figures: readonly Figure[]
  readonly seconds: number
  readonly finishedAt: Date
  readonly load: number
  readonly error?: string
}

const finished = () => ({ finishedAt: new Date(), load: loadavg()[0] ?? 0 })
const minute = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`

const sections: Section[] = []
for (const file of files) {
  const { default: benchmark } = (await import(pathToFileURL(join(here, file)).href)) as {
    default: Benchmark
  }
  process.stdout.write(`bench: ${benchmark.title} ... `)
  const started = performance.now()
  try {
    const figures = await benchmark.run()
    const seconds = (performance.now() - started) / 1000
    sections.push({ file, benchmark, figures, seconds, ...finished() })
    process.stdout.write(`${seconds.toFixed(1)} s\n`)
    for (const figure of figures) process.stdout.write(`  ${formatFigure(figure)}\n`)
  } catch (error) {
    const seconds = (performance.now() - started) / 1000
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    sections.push({ file, benchmark, figures: [], seconds, ...finished(), error: message })
    process.stdout.write(`FAILED\n${message}\n`)
    process.exitCode = 1
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU'
// In every section too: a partial run may happen on another machine than the sections it keeps.
const machine = `${cpus().length} × ${cpu}, Node ${process.version}`
const header = [
  '# Benchmark results',
  '',
  'Written by `pnpm bench`. `pnpm bench NAME...` runs only the benches whose file name contains a',
  'NAME and replaces only their sections; each section says when it was measured. Text outside',
  'the `<!-- bench:... -->` markers is written by hand and kept by every run.',
  '',
  `Last run: ${minute(new Date())}, ${sections.map((s) => s.file).join(', ')}. Machine: ` +
    `${platform()} ${release()} ${arch()}, ${cpus().length} × ${cpu}, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}.`,
  '',
  'Every figure is measured next to its baseline in the same run; the ratio is what carries over',
  'to other machines.',
].join('\n')

const sectionText = ({ file, benchmark, figures, seconds, finishedAt, load, error }: Section) => {
  const lines = [
    `## ${benchmark.title}`,
    '',
    `\`bench/${file}\`, run ${minute(finishedAt)} on ${machine} in ${seconds.toFixed(1)} s, ` +
      `load average ${load.toFixed(1)}. ${benchmark.method}`,
    '',
  ]
  if (error) {
    lines.push('**Failed:**', '', '```', error, '```')
    return lines.join('\n')
  }
  lines.push(
    '| figure | value | baseline | baseline value | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
  )
  for (const figure of figures) {
    const ratio = ratioOf(figure)
    const target = figure.target ? formatTarget(figure.target) : '-'
    const met = figure.target ? (targetMet(figure) ? 'yes' : '**no**') : '-'
    lines.push(
      `| ${figure.name} | ${figure.value.toLocaleString('en-US')} ${figure.unit} | ${figure.baseline.name} | ` +
        `${figure.baseline.value.toLocaleString('en-US')} ${figure.unit} | ${ratio.toFixed(3)} | ${target} | ${met} |`,
    )
  }
  const notes = figures
    .filter((figure) => figure.note)
    .map((figure) => `- ${figure.name}: ${figure.note}`)
  if (notes.length > 0) lines.push('', ...notes)
  return lines.join('\n')
}

// Read again now, not at start-up: the file may have been edited (or another run written it)
// while the benches ran. Written to a temporary file first, so a crash leaves the old one whole.
const current = await readResults()
for (const key of blockKeys(current ?? '')) {
  if (key !== HEADER_KEY && !allFiles.includes(key)) {
    process.stdout.write(`bench: dropped the section of ${key}, whose file is gone\n`)
  }
}
const merged = mergeResults(current, {
  header,
  sections: new Map(sections.map((section) => [section.file, sectionText(section)])),
  keep: (key) => allFiles.includes(key),
})
const temporary = `${resultsPath}.${process.pid}.tmp`
await writeFile(temporary, merged)
await rename(temporary, resultsPath)
process.stdout.write(
  `bench: wrote ${sections.length} section(s) of bench/RESULTS.md, kept everything else\n`,
)
