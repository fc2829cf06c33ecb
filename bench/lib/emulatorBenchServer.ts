// Child process for the emulator benchmarks: serves a bare node:http baseline, the emulator, or
// the floor (the emulator's hot login work on plain node:http, see floorServer.ts), and samples
// its own memory so the figures are the server's, not the load generator's.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEmulator, startEmulator } from '../../packages/emulator/src/index.ts'
import { createEmulatorAppServer } from './emulatorAppServer.ts'
import { createFloorServer } from './floorServer.ts'

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

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    })
  })

// Long-lived project tokens and signed bodies: the benchmarks pre-generate them. The
// `takeover` namespace changes the account's password on doTakeOver, as a game that signs the
// old device out does (takeOverRoundTrip.bench.ts).
const config = {
  projectTokenTtlSeconds: 86_400,
  signatureMaxAgeSeconds: 3_600,
  changePasswordIfTakeOver: ['takeover'],
}

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
  const url = await listen(server)
  send({ type: 'ready', url, setupUrl: url, adminToken: '' })
} else if (mode === 'floor') {
  // One emulator, two ports: its own app for the setup calls, and the floor on its context for
  // the timed ones, so both read and write the same state.
  const emulator = createEmulator({ config })
  const url = await listen(createFloorServer(emulator.context))
  const setupUrl = await listen(createEmulatorAppServer(emulator))
  send({ type: 'ready', url, setupUrl, adminToken: emulator.adminToken })
} else {
  const emulator = await startEmulator({ port: 0, config })
  send({
    type: 'ready',
    url: emulator.url,
    setupUrl: emulator.url,
    adminToken: emulator.adminToken,
  })
}
