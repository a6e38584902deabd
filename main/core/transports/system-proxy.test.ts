import { describe, expect, it } from 'vitest'
import { createSystemProxyResolver, lookupUrl, parsePacResult } from './system-proxy.ts'

describe('what a PAC result string says for our tunnel', () => {
  it.each([
    // [Chromium] ProxyList::ToPacString joins entries with ';' and says DIRECT for an empty list.
    ['DIRECT', null, [], false],
    ['', null, [], false],
    ['PROXY proxy.corp:3128', 'http://proxy.corp:3128/', [], false],
    ['PROXY proxy.corp:3128;DIRECT', 'http://proxy.corp:3128/', [], false],
    ['PROXY proxy.corp:3128; DIRECT', 'http://proxy.corp:3128/', [], false],
    ['proxy Proxy.Corp:3128', 'http://proxy.corp:3128/', [], false],
    ['PROXY proxy.corp', 'http://proxy.corp/', [], false],
    ['HTTP proxy.corp:8080', 'http://proxy.corp:8080/', [], false],
    ['HTTPS secure.corp:443', 'https://secure.corp/', [], false],
    ['HTTPS secure.corp:8443;PROXY proxy.corp:3128', 'https://secure.corp:8443/', [], false],
    ['PROXY [::1]:3128', 'http://[::1]:3128/', [], false],
    ['PROXY 10.0.0.1:3128', 'http://10.0.0.1:3128/', [], false],
    ['DIRECT;PROXY proxy.corp:3128', null, [], false],
    // SOCKS and QUIC: skipped for the next entry…
    ['SOCKS5 socks.corp:1080;PROXY proxy.corp:3128', 'http://proxy.corp:3128/', ['SOCKS5 socks.corp:1080'], false],
    ['SOCKS socks.corp:1080; SOCKS4 s4.corp:1080; HTTPS secure.corp:443', 'https://secure.corp/', ['SOCKS socks.corp:1080', 'SOCKS4 s4.corp:1080'], false],
    ['QUIC quic.corp:443;DIRECT', null, ['QUIC quic.corp:443'], false],
    ['SOCKS5 socks.corp:1080;DIRECT', null, ['SOCKS5 socks.corp:1080'], false],
    // …and with nothing usable left, direct.
    ['SOCKS5 socks.corp:1080', null, ['SOCKS5 socks.corp:1080'], true],
    ['SOCKS5 a:1;SOCKS4 b:2', null, ['SOCKS5 a:1', 'SOCKS4 b:2'], true],
    // Unreadable entries are skipped the same way.
    ['PROXY', null, ['PROXY'], true],
    ['PROXY user@proxy.corp:3128;PROXY ok.corp:1', 'http://ok.corp:1/', ['PROXY user@proxy.corp:3128'], false],
    ['PROXY proxy.corp:99999', null, ['PROXY proxy.corp:99999'], true],
    ['PROXY a:1 b:2', null, ['PROXY a:1 b:2'], true],
    ['DIRECT now', null, ['DIRECT now'], true],
    ['BOGUS x:1;PROXY p:2', 'http://p:2/', ['BOGUS x:1'], false],
  ])('%j → %s (skipped %j, fell back %s)', (pac, proxy, skipped, fellBack) => {
    const choice = parsePacResult(pac)
    expect({ proxy: choice.proxy?.href ?? null, skipped: choice.skipped, fellBack: choice.fellBack }).toEqual({ proxy, skipped, fellBack })
  })
})

describe('the URL the OS is asked about', () => {
  it.each([
    ['ws://example.com/feed', 'http://example.com/feed'],
    ['wss://example.com:8443/feed?room=1', 'https://example.com:8443/feed?room=1'],
    ['wss://ann:pw@example.com/feed#x', 'https://example.com/feed'],
    ['https://chat.example.com/ns', 'https://chat.example.com/ns'],
    ['http://127.0.0.1:9/', 'http://127.0.0.1:9/'],
  ])('%s → %s', (target, asked) => {
    expect(lookupUrl(new URL(target))).toBe(asked)
  })
})

describe('the system proxy resolver', () => {
  const fakeOs = (answers: Record<string, string | Error>) => {
    const asked: string[] = []
    const warnings: { message: string; detail: Record<string, unknown> }[] = []
    const resolver = createSystemProxyResolver({
      resolve: async (url) => {
        asked.push(url)
        const answer = answers[new URL(url).host] ?? 'DIRECT'
        if (answer instanceof Error) throw answer
        return answer
      },
      warn: (message, detail) => warnings.push({ message, detail }),
    })
    return { resolver, asked, warnings }
  }

  it('asks about the http(s) form of a WebSocket URL and tunnels through the proxy the OS names', async () => {
    const os = fakeOs({ 'feeds.example': 'PROXY proxy.corp:3128;DIRECT' })
    expect((await os.resolver(new URL('wss://feeds.example/stream')))?.href).toBe('http://proxy.corp:3128/')
    expect(await os.resolver(new URL('ws://elsewhere.example/'))).toBeNull()
    expect(os.asked).toEqual(['https://feeds.example/stream', 'http://elsewhere.example/'])
    expect(os.warnings).toEqual([])
  })

  it('goes direct when only SOCKS is offered, and says so once per answer', async () => {
    const os = fakeOs({ 'feeds.example': 'SOCKS5 socks.corp:1080' })
    for (let i = 0; i < 3; i++) expect(await os.resolver(new URL('wss://feeds.example/stream'))).toBeNull()
    expect(os.warnings).toHaveLength(1)
    expect(os.warnings[0]!.message).toMatch(/SOCKS is not supported.*connecting directly/)
    expect(os.warnings[0]!.detail).toMatchObject({ url: 'wss://feeds.example', proxy: 'SOCKS5 socks.corp:1080', using: 'direct' })
  })

  it('skips SOCKS for the next usable entry, and says which it used', async () => {
    const os = fakeOs({ 'feeds.example': 'SOCKS5 socks.corp:1080;HTTPS secure.corp:443' })
    expect((await os.resolver(new URL('ws://feeds.example/')))?.href).toBe('https://secure.corp/')
    expect(os.warnings).toHaveLength(1)
    expect(os.warnings[0]!.detail).toMatchObject({ skipped: ['SOCKS5 socks.corp:1080'], using: 'https://secure.corp' })
  })

  it('goes direct when the OS cannot answer, and says so', async () => {
    const os = fakeOs({ 'feeds.example': new Error('session destroyed') })
    expect(await os.resolver(new URL('wss://feeds.example/'))).toBeNull()
    expect(os.warnings).toHaveLength(1)
    expect(os.warnings[0]!.message).toMatch(/could not be resolved/)
    expect(os.warnings[0]!.detail).toMatchObject({ error: 'session destroyed' })
  })
})
