// Child process for the emulator benchmarks: serves either a bare node:http baseline or the
// emulator, and samples its own memory so the figures are the server's, not the load generator's.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startEmulator } from '../../packages/emulator/src/index.ts'

const mode = process.argv[2]
const send = (message: unknown) => process.send?.(message)

let peakRss = 0
let peakHeapUsed = 0
const sample = () => {
  const m = process.memoryUsage()
  peakRss = Math.max(peakRss, m.rss)
  peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed)
  return m
}
setInterval(sample, 50).unref()

process.on('message', (message) => {
  if (message === 'stats') {
    const now = sample()
    const cpu = process.cpuUsage()
    send({
      type: 'stats',
      rss: now.rss,
      heapUsed: now.heapUsed,
      peakRss,
      peakHeapUsed,
      cpuUs: cpu.user + cpu.system,
    })
  }
  if (message === 'reset-peaks') {
    peakRss = 0
    peakHeapUsed = 0
    sample()
    send({ type: 'reset' })
  }
  if (message === 'exit') process.exit(0)
})

if (mode === 'bare') {
  const body = JSON.stringify({ item: '2026.11.0-gs2ez-emulator' })
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      })
      res.end(body)
    })
  })
  server.listen(0, '127.0.0.1', () => {
    send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
  })
} else {
  const emulator = await startEmulator({
    port: 0,
    // Long-lived project tokens and signed bodies: the benchmark pre-generates them.
    config: { projectTokenTtlSeconds: 86_400, signatureMaxAgeSeconds: 3_600 },
  })
  send({ type: 'ready', url: emulator.url })
}
