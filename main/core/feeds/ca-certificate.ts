/**
 * A feed's own certificate authorities (`Feed.caCertificate`): PEM text a user pastes or picks
 * from a file (a self-hosted ntfy with its own CA). Checked at input, so a wrong file is a clear
 * message naming the field, not a TLS failure later: one or more PEM certificates that
 * node:crypto can read, nothing secret (a private key pasted by mistake is refused, since the
 * settings file is not for secrets), bounded in size.
 */
import { X509Certificate } from 'node:crypto'
import { FeedInputError } from './url.ts'

/** The most PEM text accepted (a bundle of a few dozen certificates). */
export const MAX_CA_CERTIFICATE_CHARS = 65_536

const FIELD = 'caCertificate'
const block = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g

/**
 * The certificates of `value` as normalised PEM (only the certificate blocks, LF line ends), or
 * null for none (null, undefined or blank). Throws FeedInputError naming the field.
 */
export function validateCaCertificate(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'string') throw new FeedInputError('The CA certificate must be PEM text.', FIELD)
  const text = value.replace(/\r\n?/g, '\n').trim()
  if (text === '') return null
  if (text.length > MAX_CA_CERTIFICATE_CHARS) {
    throw new FeedInputError(`The CA certificate is too long (${text.length} characters, at most ${MAX_CA_CERTIFICATE_CHARS}).`, FIELD)
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new FeedInputError('The CA certificate contains a private key; give only the certificate (never share the key).', FIELD)
  }
  const blocks = text.match(block)
  if (blocks === null) {
    throw new FeedInputError('The CA certificate is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----").', FIELD)
  }
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem)
    } catch {
      const which = blocks.length > 1 ? ` #${i + 1}` : ''
      throw new FeedInputError(`The CA certificate${which} could not be read as an X.509 certificate.`, FIELD)
    }
  })
  return `${blocks.join('\n')}\n`
}
