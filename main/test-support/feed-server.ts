/**
 * Test support: the SSE feed an app test subscribes its app to — `/events` on 127.0.0.1 (port 0),
 * each stream held open after a `retry: 1000`, so the test can see the app connect (`clients`)
 * and send it events. Any other path is a 404.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FeedServer {
  /** The feed's URL, `http://127.0.0.1:<port>/events`. */
  url: string
  /** The streams open now, one per connected client. */
  clients: Set<ServerResponse>
  /** Writes `text` (SSE lines) to every open stream. */
  send(text: string): void
  /** Ends the open streams and stops listening. */
  close(): Promise<void>
}

/** Starts the feed; see the module comment. */
export async function startFeedServer(): Promise<FeedServer> {
  const clients = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    if (req.url !== '/events') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    res.write('retry: 1000\n\n')
    clients.add(res)
    req.on('close', () => clients.delete(res))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    clients,
    send(text) {
      for (const client of clients) client.write(text)
    },
    close() {
      for (const client of clients) client.end()
      return new Promise<void>((r) => server.close(() => r()))
    },
  }
}
