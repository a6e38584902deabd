import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_PAGE_URL, appRequestFile, createAppProtocolHandler } from './app-protocol.ts'
import { CSP } from './csp.ts'

const root = mkdtempSync(join(tmpdir(), 'tidings-protocol-'))
mkdirSync(join(root, 'assets'))
writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>')
writeFileSync(join(root, 'assets', 'index-1.js'), 'console.log(1)')
writeFileSync(join(tmpdir(), 'tidings-protocol-outside.txt'), 'secret')
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(join(tmpdir(), 'tidings-protocol-outside.txt'), { force: true })
})

describe('the app:// protocol', () => {
  const handle = createAppProtocolHandler(root, CSP)

  it('serves the page and its assets with their types and the CSP', async () => {
    const page = await handle(new Request(APP_PAGE_URL))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(CSP)
    expect(await page.text()).toContain('<title>t</title>')
    const script = await handle(new Request('app://tidings/assets/index-1.js?v=1#x'))
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('serves nothing outside the folder, of another host, or missing', async () => {
    for (const url of [
      'app://tidings/../tidings-protocol-outside.txt',
      'app://tidings/%2e%2e/tidings-protocol-outside.txt',
      'app://tidings/assets/%2e%2e%2f%2e%2e%2ftidings-protocol-outside.txt',
      'app://other/index.html',
      'app://tidings/missing.js',
      'app://tidings/assets/',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404)
    }
    expect(appRequestFile(root, 'file:///etc/passwd')).toBeNull()
    expect(appRequestFile(root, 'app://tidings/')).toBe(join(root, 'index.html'))
  })
})
