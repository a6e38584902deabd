/**
 * Bench (prints figures; not a test): events/s of the WebSocket transport alone — a `ws` server
 * on 127.0.0.1 sends N JSON text messages as fast as it can, the transport maps them into batches
 * for a sink that only counts. Run: `node main/core/transports/bench-ws.ts [N]` on Node 24. The
 * RSS figure includes the in-process server's own send buffers.
 * The full path (supervisor, history, alerts) belongs in `npm run bench` once the transport is wired.
 */
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { testFeed } from '../../test-support/fixtures.ts'
import type { TransportSink } from '../stream/transport.ts'
import { createWsTransport } from './ws-transport.ts'

const total = Number(process.argv[2] ?? 200_000)
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
const { port } = wss.address() as AddressInfo
wss.on('connection', (ws) => {
  for (let i = 0; i < total; i++) ws.send(`{"type":"tick","n":${i},"text":"an event of a usual size, a line or two of words"}`)
})

let events = 0
let batches = 0
const started = performance.now()
const rssBefore = process.memoryUsage().rss
let peakRss = rssBefore
const done = Promise.withResolvers<void>()
const sink: TransportSink = {
  open() {},
  activity() {},
  batch(list) {
    events += list.length
    batches += 1
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
    if (events >= total) done.resolve()
  },
  retryDelay() {},
  oversize() {},
  pause() {},
  end(end) {
    done.reject(new Error(JSON.stringify(end)))
  },
  roomToRead: () => null,
}
const connection = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0 }).connect(
  { feed: testFeed({ url: `ws://127.0.0.1:${port}` }), authorization: null, cursor: { lastEventId: '', since: '' } },
  sink,
)
await done.promise
const seconds = (performance.now() - started) / 1000
console.log(`ws transport: ${events} events in ${seconds.toFixed(2)} s = ${Math.round(events / seconds)} events/s, ${batches} batches, peak RSS +${Math.round((peakRss - rssBefore) / 1048576)} MiB`)
connection.close()
wss.close()
