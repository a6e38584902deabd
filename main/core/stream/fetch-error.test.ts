import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../../test-support/wait.ts'
import { testFeed } from './test-support.ts'
import { classifyFetchError } from './fetch-error.ts'
import { createDefaultFetch, subscribe } from './index.ts'

describe('why a request got no response', () => {
  it('tells certificate problems from other network errors', () => {
    const tls = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate; if the root CA is installed locally, try running Node.js with --use-system-ca'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    })
    expect(classifyFetchError(tls)).toEqual({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' })
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) })
    expect(classifyFetchError(refused)).toEqual({ kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' })
    expect(classifyFetchError('odd')).toEqual({ kind: 'network', message: 'odd' })
  })

  it('names a proxy that refused, with a code of our own', () => {
    const tunnel = new TypeError('fetch failed', { cause: Object.assign(new Error('Proxy response (403) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' }) })
    expect(classifyFetchError(tunnel)).toMatchObject({ kind: 'network', code: 'PROXY_REFUSED' })
    const auth = new TypeError('fetch failed', { cause: Object.assign(new Error('Proxy Authentication Required (407)'), { code: 'UND_ERR_INVALID_ARG' }) })
    expect(classifyFetchError(auth)).toMatchObject({ kind: 'network', code: 'PROXY_AUTH_REQUIRED' })
  })
})

// The certificate is made with the openssl command (Debian's, installed by .ci/run); required on
// Linux CI, skipped elsewhere when the command is missing.
const hasOpenssl = spawnSync('openssl', ['version']).status === 0
if (!hasOpenssl) console.warn('fetch-error.test.ts: no openssl command; the HTTPS server test is skipped')
const runTls = hasOpenssl || (process.platform === 'linux' && process.env.CI === 'true')

describe.runIf(runTls)('a real HTTPS server with a self-signed certificate', () => {
  let dir = ''
  let url = ''
  let server: ReturnType<typeof createServer> | null = null
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-tls-'))
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' })
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end('data: never seen\n\n')
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}/events`
  })
  afterAll(async () => {
    await new Promise((r) => server?.close(r))
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports a tls error in plain words and backs off', async () => {
    const sub = subscribe(
      { feed: testFeed(url), authorization: null, cursor: { lastEventId: '', since: '' }, deliver: () => {}, onStatus: () => {}, onGap: () => {} },
      { fetch: createDefaultFetch(), clock: { now: () => Date.now() } },
    )
    try {
      await waitFor(() => sub.status().state === 'backoff', 'backoff')
      expect(sub.status().lastError).toMatchObject({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
      expect(sub.status().lastError!.message).not.toMatch(/use-system-ca/)
    } finally {
      await sub.close()
    }
  })
})
