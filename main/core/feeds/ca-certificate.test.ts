// A feed's own CA certificates: checked at input, kept through export and import.
import { describe, expect, it } from 'vitest'
import { hasOpenssl, selfSignedCert } from '../../test-support/tls-cert.ts'
import { validateCaCertificate } from './ca-certificate.ts'
import { applyFeedInput } from './feed.ts'
import { exportFeeds, parseFeedsExport } from './transfer.ts'
import { FeedInputError } from './url.ts'

const make = { now: Date.UTC(2026, 10, 21), order: 0 }
const runTls = hasOpenssl() || (process.platform === 'linux' && process.env.CI === 'true')
if (!runTls) console.warn('ca-certificate.test.ts: no openssl command; the tests with real certificates are skipped')

describe('CA certificate input', () => {
  it.each([
    ['plain text', 'hello', /not a PEM certificate/],
    ['a PEM block that is no certificate', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----', /could not be read as an X\.509/],
    ['a private key', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', /private key/],
    ['far too much text', `-----BEGIN CERTIFICATE-----\n${'A'.repeat(70_000)}\n-----END CERTIFICATE-----`, /too long/],
    ['not text at all', 42, /PEM text/],
  ])('refuses %s with a message naming the field', (_what, value, message) => {
    let error: unknown
    try {
      validateCaCertificate(value)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FeedInputError)
    expect((error as FeedInputError).message).toMatch(message)
    expect((error as FeedInputError).field).toBe('caCertificate')
  })

  it('treats null, undefined and blank text as "none"', () => {
    expect(validateCaCertificate(null)).toBeNull()
    expect(validateCaCertificate(undefined)).toBeNull()
    expect(validateCaCertificate('  \n ')).toBeNull()
  })

  it('refuses a bad certificate in a feed, and keeps the feed as it was', () => {
    const feed = applyFeedInput({ url: 'https://ntfy.example/alerts/sse' }, null, make)
    expect(() => applyFeedInput({ url: feed.url, caCertificate: 'not a cert' }, feed, make)).toThrow(FeedInputError)
    expect(feed.caCertificate).toBeNull()
  })
})

describe.runIf(runTls)('real certificates', () => {
  it('accepts one or more certificates, normalised to the PEM blocks alone', () => {
    const a = selfSignedCert().cert
    const b = selfSignedCert().cert
    expect(validateCaCertificate(a)).toBe(a.trim() + '\n')
    const bundle = `# our CAs\r\n${a.trim().replace(/\n/g, '\r\n')}\r\nsubject=CN = 127.0.0.1\r\n${b}`
    expect(validateCaCertificate(bundle)).toBe(`${a.trim()}\n${b.trim()}\n`)
  })

  it('names which certificate of a bundle is broken', () => {
    const a = selfSignedCert().cert
    const broken = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----'
    expect(() => validateCaCertificate(`${a}\n${broken}`)).toThrow(/certificate #2 could not be read/)
  })

  it('is kept on the feed, removed with null, and travels through export and import (it is not a secret)', () => {
    const pem = selfSignedCert().cert
    const feed = applyFeedInput({ url: 'https://ntfy.example/alerts/sse', caCertificate: pem }, null, make)
    expect(feed.caCertificate).toBe(pem.trim() + '\n')
    expect(applyFeedInput({ url: feed.url }, feed, make).caCertificate).toBe(feed.caCertificate)
    expect(applyFeedInput({ url: feed.url, caCertificate: null }, feed, make).caCertificate).toBeNull()
    const exported = exportFeeds([feed], make.now)
    const { inputs, errors } = parseFeedsExport(exported)
    expect(errors).toEqual([])
    expect(inputs[0]!.caCertificate).toBe(feed.caCertificate)
    expect(applyFeedInput(inputs[0]!, null, make).caCertificate).toBe(feed.caCertificate)
  })
})
