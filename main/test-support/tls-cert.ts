/**
 * A self-signed certificate for 127.0.0.1 made with the openssl command (not shipped; Debian's
 * openssl is installed by .ci/run). It is its own CA: trusting its PEM makes it valid.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const hasOpenssl = (): boolean => spawnSync('openssl', ['version']).status === 0

export interface SelfSigned {
  key: string
  /** PEM. */
  cert: string
}

/**
 * A fresh key and certificate, a day long: CN `commonName`, subjectAltName `san` (by default the
 * IP 127.0.0.1, or e.g. `DNS:example.test` for a certificate made out to another name).
 */
export function selfSignedCert(commonName = '127.0.0.1', san = `IP:${commonName}`): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-tls-'))
  try {
    const key = join(dir, 'key.pem')
    const cert = join(dir, 'cert.pem')
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${san}`],
      { stdio: 'ignore' },
    )
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
