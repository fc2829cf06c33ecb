// `pnpm test:stress`: the whole `pnpm test` several times in a row (3 by default,
// GS2EZ_STRESS_RUNS to change) while two CPU hogs keep the machine busy, then a table of
// timings. A suite that only passes on an idle machine has a race somewhere; this finds it.
import { spawn } from 'node:child_process'

const runs = Number(process.env.GS2EZ_STRESS_RUNS ?? 3)
if (!Number.isInteger(runs) || runs < 1) {
  console.error('GS2EZ_STRESS_RUNS must be a whole number >= 1')
  process.exit(2)
}

const hogs = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }))
const stopHogs = () => {
  for (const hog of hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL')
}
// However this ends (a failure, Ctrl-C, an exception), the hogs go with it.
process.on('exit', stopHogs)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopHogs()
    process.exit(130)
  })
}
console.log(
  `[test:stress] ${runs} runs of pnpm test with 2 CPU hogs (pids ${hogs.map((h) => h.pid).join(', ')})`,
)

const results = []
for (let run = 1; run <= runs; run++) {
  const started = performance.now()
  const code = await new Promise((resolve) => {
    const child = spawn('pnpm', ['test'], { stdio: 'inherit' })
    child.on('error', () => resolve(1))
    child.on('exit', (exitCode) => resolve(exitCode ?? 1))
  })
  const seconds = (performance.now() - started) / 1000
  results.push({ run, seconds, code })
  console.log(
    `\n[test:stress] run ${run}/${runs}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds.toFixed(1)} s\n`,
  )
  if (code !== 0) break
}
stopHogs()

console.log('[test:stress] run  result  seconds')
for (const { run, seconds, code } of results) {
  console.log(
    `[test:stress] ${String(run).padStart(3)}  ${code === 0 ? 'pass  ' : 'FAIL  '}  ${seconds.toFixed(1).padStart(7)}`,
  )
}
const passed = results.length === runs && results.every((result) => result.code === 0)
console.log(`[test:stress] ${passed ? `${runs} consecutive green runs under load` : 'not green'}`)
process.exit(passed ? 0 : 1)
