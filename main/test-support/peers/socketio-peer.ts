/**
 * Test support: the Flask-SocketIO peer (socketio-peer.py, Debian python3-flask-socketio,
 * threading mode: HTTP long-polling only — see the script) that emits named events with string,
 * object, several or no arguments, refuses with an HTTP status or in its connect handler, and
 * disconnects clients.
 */
import { fileURLToPath } from 'node:url'
import { startLinePeer, type LinePeer } from './line-peer.ts'

const SCRIPT = fileURLToPath(new URL('./socketio-peer.py', import.meta.url))

export interface SocketIoPeer {
  /** http://127.0.0.1:port */
  url: string
  port: number
  peer: LinePeer
  /** Resolves once the n-th client (1-based) connected, with its request headers and auth. */
  client(n: number): Promise<{ sid: string; headers: Record<string, string>; auth: unknown }>
  /** Clients connected now. */
  connected(): number
  emit(event: string, ...args: unknown[]): Promise<void>
  /** Answer every Socket.IO request with this HTTP status (0 = serve again). */
  refuse(status: number): Promise<void>
  /** The connect handler refuses (or accepts again). */
  reject(on: boolean): Promise<void>
  disconnect(): Promise<void>
  stop(): Promise<void>
}

/** Starts the peer on `port` (0 = a free one; the old port to restart it in place). */
export async function startSocketIoPeer(port = 0): Promise<SocketIoPeer> {
  const peer = await startLinePeer(SCRIPT, port)
  const connects = () => peer.reports.filter((r) => 'connected' in r)
  return {
    url: `http://127.0.0.1:${peer.port}`,
    port: peer.port,
    peer,
    async client(n) {
      await peer.report(() => connects().length >= n, `client ${n}`)
      const r = connects()[n - 1]!
      const headers = Object.fromEntries(Object.entries(r['headers'] as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]))
      return { sid: r['connected'] as string, headers, auth: r['auth'] }
    },
    connected: () => connects().length - peer.reports.filter((r) => 'disconnected' in r).length,
    emit: (event, ...args) => peer.command({ op: 'emit', event, args }),
    refuse: (status) => peer.command({ op: 'refuse', status }),
    reject: (on) => peer.command({ op: 'reject', on }),
    disconnect: () => peer.command({ op: 'disconnect' }),
    stop: () => peer.stop(),
  }
}
