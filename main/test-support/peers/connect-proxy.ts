/**
 * Test support: a forward proxy that tunnels with HTTP CONNECT (node:http), recording each target
 * and its Proxy-Authorization; it can demand credentials (407) like a corporate proxy.
 */
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ConnectProxy {
  /** http://127.0.0.1:port */
  url: string
  /** Every CONNECT: target authority and the Proxy-Authorization it carried. */
  tunnels: { target: string; authorization: string | undefined }[]
  stop(): Promise<void>
}

/** Starts the proxy; with `credentials` ("user:pass") a CONNECT without them gets 407. */
export async function startConnectProxy(options: { credentials?: string } = {}): Promise<ConnectProxy> {
  const tunnels: ConnectProxy['tunnels'] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((_req, res) => {
    res.writeHead(405)
    res.end()
  })
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client)
    const authorization = req.headers['proxy-authorization']
    tunnels.push({ target: req.url ?? '', authorization })
    const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined
    if (expected !== undefined && authorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="test"\r\ncontent-length: 0\r\n\r\n')
      return
    }
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/)
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    const close = () => {
      upstream.destroy()
      client.destroy()
    }
    upstream.on('error', close).on('close', close)
    client.on('error', close).on('close', close)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
