/**
 * Test support: the Python `websockets` peer (ws-peer.py, Debian python3-websockets) — text, JSON
 * and binary messages, closes with a chosen code, drops without a close frame, refuses upgrades.
 */
import { fileURLToPath } from 'node:url'
import { startLinePeer, type LinePeer } from './line-peer.ts'

const SCRIPT = fileURLToPath(new URL('./ws-peer.py', import.meta.url))

export interface WsPeer {
  /** ws://127.0.0.1:port */
  url: string
  port: number
  peer: LinePeer
  /** Resolves once the n-th client (1-based, over the peer's life) connected, with its request. */
  client(n: number): Promise<{ path: string; headers: Record<string, string> }>
  /** Clients connected so far (over the peer's life). */
  connections(): number
  text(text: string): Promise<void>
  binary(size: number): Promise<void>
  close(code: number, reason?: string): Promise<void>
  drop(): Promise<void>
  /** Refuse the next upgrades with this HTTP status (0 = accept again). */
  refuse(status: number): Promise<void>
  stop(): Promise<void>
}

/** Starts the peer on `port` (0 = a free one; pass the old port to restart it in place). */
export async function startWsPeer(port = 0): Promise<WsPeer> {
  const peer = await startLinePeer(SCRIPT, port)
  const connected = () => peer.reports.filter((r) => 'connected' in r)
  return {
    url: `ws://127.0.0.1:${peer.port}`,
    port: peer.port,
    peer,
    async client(n) {
      await peer.report(() => connected().length >= n, `client ${n}`)
      const r = connected()[n - 1]!
      return { path: r['connected'] as string, headers: lower(r['headers'] as Record<string, string>) }
    },
    connections: () => connected().length,
    text: (text) => peer.command({ op: 'text', text }),
    binary: (size) => peer.command({ op: 'binary', size }),
    close: (code, reason = '') => peer.command({ op: 'close', code, reason }),
    drop: () => peer.command({ op: 'drop' }),
    refuse: (status) => peer.command({ op: 'refuse', status }),
    stop: () => peer.stop(),
  }
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}
