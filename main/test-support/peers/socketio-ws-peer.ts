/**
 * Test support: a minimal Socket.IO v5 server speaking only the WebSocket transport (Engine.IO v4
 * over a `ws` server), for what Debian's Flask-SocketIO cannot serve without `simple-websocket`:
 * the socket.io-client's WebSocket path, a refused upgrade, server pings and reading pauses.
 *
 * Engine.IO v4: the server opens with `0{"sid","upgrades":[],"pingInterval","pingTimeout",
 * "maxPayload"}`, pings with `2` (the client answers `3`), messages are `4…`; Socket.IO v5 on top:
 * CONNECT `40{auth}` → `40{"sid"}`, EVENT `42["name",...args]`, DISCONNECT `41`.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface SocketIoWsPeer {
  /** http://127.0.0.1:port */
  url: string
  port: number
  /** Handshake requests seen (upgrade headers) and CONNECT auth payloads. */
  upgrades: IncomingMessage['headers'][]
  auths: unknown[]
  /** Sockets that completed CONNECT. */
  connected(): number
  emit(event: string, ...args: unknown[]): void
  /** Refuse the next upgrades with this status (0 = accept). */
  refuse(status: number): void
  /** Sends DISCONNECT to every client (socket.io-client: 'io server disconnect'). */
  disconnect(): void
  /** Cuts every TCP connection. */
  drop(): void
  stop(): Promise<void>
}

export async function startSocketIoWsPeer(options: { pingIntervalMs?: number; port?: number } = {}): Promise<SocketIoWsPeer> {
  const wss = new WebSocketServer({ noServer: true })
  const sockets = new Set<WebSocket>()
  const upgrades: IncomingMessage['headers'][] = []
  const auths: unknown[] = []
  let refuseStatus = 0
  const pingInterval = options.pingIntervalMs ?? 25_000

  const server: Server = createServer((_req, res) => {
    // No polling here: only the WebSocket transport.
    res.writeHead(400, { 'content-type': 'application/json' })
    res.end('{"code":3,"message":"Bad request"}')
  })
  server.on('upgrade', (req, socket, head) => {
    upgrades.push(req.headers)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (refuseStatus) {
      socket.end(`HTTP/1.1 ${refuseStatus} Refused\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`)
      return
    }
    if (url.pathname !== '/socket.io/' || url.searchParams.get('EIO') !== '4') {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(`0${JSON.stringify({ sid: randomUUID(), upgrades: [], pingInterval, pingTimeout: 20_000, maxPayload: 1_000_000 })}`)
      const pinger = setInterval(() => ws.send('2'), pingInterval)
      ws.on('close', () => {
        clearInterval(pinger)
        sockets.delete(ws)
      })
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8')
        if (text.startsWith('40')) {
          auths.push(text.length > 2 ? JSON.parse(text.slice(2)) : null)
          sockets.add(ws)
          ws.send(`40${JSON.stringify({ sid: randomUUID() })}`)
        }
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    upgrades,
    auths,
    connected: () => sockets.size,
    emit(event, ...args) {
      const text = `42${JSON.stringify([event, ...args])}`
      for (const ws of sockets) ws.send(text)
    },
    refuse(status) {
      refuseStatus = status
    },
    disconnect() {
      for (const ws of sockets) ws.send('41')
    },
    drop() {
      for (const ws of wss.clients) ws.terminate()
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
