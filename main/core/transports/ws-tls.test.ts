import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { startConnectProxy } from '../../test-support/peers/connect-proxy.ts'
import { recordingSink } from '../../test-support/peers/recording-sink.ts'
import { testFeed } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import { createWsTransport } from './ws-transport.ts'

// The certificate is made with Debian's openssl command (installed by .ci/run); required on Linux
// CI, skipped elsewhere when the command is missing.
const hasOpenssl = spawnSync('openssl', ['version']).status === 0
const runTls = hasOpenssl || (process.platform === 'linux' && process.env['CI'] === 'true')

describe.runIf(runTls)('wss:// with a server certificate of its own CA', () => {
  let dir = ''
  let pem = ''
  let url = ''
  let server: Server | null = null
  let wss: WebSocketServer | null = null
  const transport = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0 })
  const cursor = { lastEventId: '', since: '' }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-wss-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
    pem = readFileSync(join(dir, 'cert.pem'), 'utf8')
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: pem })
    wss = new WebSocketServer({ server })
    wss.on('connection', (ws) => ws.send('{"type":"secure"}'))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    url = `wss://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    for (const client of wss?.clients ?? []) client.terminate()
    wss?.close()
    await new Promise((resolve) => server?.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  it('is refused as a tls failure while the CA is not trusted', async () => {
    const sink = recordingSink()
    const connection = transport.connect({ feed: testFeed({ url }), authorization: null, cursor }, sink)
    const end = await waitFor(() => sink.ended(), 'an end')
    connection.close()
    expect(end).toMatchObject({ kind: 'retry', failure: { kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } })
  })

  it('connects when the feed trusts that CA (on top of the system’s)', async () => {
    const sink = recordingSink()
    const connection = transport.connect({ feed: testFeed({ url, caCertificate: pem }), authorization: null, cursor }, sink)
    await waitFor(() => sink.events()[0]?.type === 'secure', () => `the event; calls ${JSON.stringify(sink.calls)}`)
    connection.close()
  })

  it('goes through an HTTPS_PROXY tunnel, TLS to the server inside it, the feed’s CA trusted', async () => {
    const proxy = await startConnectProxy()
    try {
      const sink = recordingSink()
      const viaProxy = createWsTransport({ now: () => Date.now(), maxRetryAfterMs: 60_000, pingIntervalMs: 0, env: { HTTPS_PROXY: proxy.url } })
      const connection = viaProxy.connect({ feed: testFeed({ url, caCertificate: pem }), authorization: null, cursor }, sink)
      await waitFor(() => sink.events()[0]?.type === 'secure', () => `the event; calls ${JSON.stringify(sink.calls)}`)
      connection.close()
      expect(proxy.tunnels.map((t) => t.target)).toEqual([new URL(url).host])
    } finally {
      await proxy.stop()
    }
  })
})
