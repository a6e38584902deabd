import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { net } from 'electron'
import type { FetchInit, FetchLike } from '../core/ports.ts'
import { createNetFetch } from './net-fetch.ts'

// Electron's net.fetch is Chromium's; outside Electron the WHATWG fetch of Node has its signature.
const chromiumLike = (calls: string[]): typeof net.fetch => (url, init) => {
  calls.push(typeof url === 'string' ? url : url.url)
  return fetch(url, init)
}

describe('the net.fetch adapter', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(`data: ${req.headers.authorization ?? 'none'}\n\n`)
      req.on('close', () => res.end())
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('fetches through net.fetch with the headers, streams the body, and honours the abort signal', async () => {
    const calls: string[] = []
    const own: string[] = []
    const fetchLike = createNetFetch({ netFetch: chromiumLike(calls), withOwnCa: () => Promise.reject(new Error(`own ${own.push('x')}`)) })
    const controller = new AbortController()
    const response = await fetchLike(`${base}/events`, { headers: { authorization: 'Bearer t' }, signal: controller.signal })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('data: Bearer t\n\n')
    controller.abort()
    await expect(reader.read()).rejects.toThrow()
    expect(calls).toEqual([`${base}/events`])
    expect(own).toEqual([])
  })

  it("sends a request with the feed's own CA to the core's fetch instead", async () => {
    const calls: string[] = []
    const seen: FetchInit[] = []
    const withOwnCa: FetchLike = async (url, init) => {
      seen.push(init)
      return { status: 299, url, redirected: false, headers: new Headers(), body: null }
    }
    const fetchLike = createNetFetch({ netFetch: chromiumLike(calls), withOwnCa })
    const response = await fetchLike(`${base}/events`, { headers: {}, signal: new AbortController().signal, ca: '-----BEGIN CERTIFICATE-----' })
    expect(response.status).toBe(299)
    expect(seen[0]!.ca).toBe('-----BEGIN CERTIFICATE-----')
    expect(calls).toEqual([])
  })
})
