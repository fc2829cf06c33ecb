// `pnpm bench`: runs every bench/*.bench.ts (or those named on the command line) and writes
// bench/RESULTS.md. Each figure is shown next to the baseline measured in the same run.
import { readdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform, release, totalmem } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Benchmark, Figure } from './lib/benchmark.ts'
import { formatFigure, formatTarget, ratioOf, targetMet } from './lib/report.ts'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)

const files = (await readdir(here))
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort()
if (files.length === 0) throw new Error(`no benchmark matches ${only.join(', ')}`)

interface Section {
  readonly file: string
  readonly benchmark: Benchmark
  readonly figures: readonly Figure[]
  readonly seconds: number
  readonly error?: string
}

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
    sections.push({ file, benchmark, figures, seconds })
    process.stdout.write(`${seconds.toFixed(1)} s\n`)
    for (const figure of figures) process.stdout.write(`  ${formatFigure(figure)}\n`)
  } catch (error) {
    const seconds = (performance.now() - started) / 1000
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    sections.push({ file, benchmark, figures: [], seconds, error: message })
    process.stdout.write(`FAILED\n${message}\n`)
    process.exitCode = 1
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU'
const lines = [
  '# Benchmark results',
  '',
  `Written by \`pnpm bench\` on ${new Date().toISOString()}.`,
  '',
  `Machine: ${platform()} ${release()} ${arch()}, ${cpus().length} × ${cpu}, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}.`,
  '',
  'Every figure is measured next to its baseline in the same run; the ratio is what carries over',
  'to other machines.',
  '',
]
for (const { file, benchmark, figures, seconds, error } of sections) {
  lines.push(
    `## ${benchmark.title}`,
    '',
    `\`bench/${basename(file)}\`, ${seconds.toFixed(1)} s. ${benchmark.method}`,
    '',
  )
  if (error) {
    lines.push('**Failed:**', '', '```', error, '```', '')
    continue
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
  lines.push('')
}
await writeFile(join(here, 'RESULTS.md'), `${lines.join('\n')}\n`)
process.stdout.write(`bench: wrote bench/RESULTS.md (${sections.length} benchmarks)\n`)
