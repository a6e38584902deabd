/**
 * The window's page is served from `app://tidings/…`, a privileged standard scheme, not `file://`:
 * the page gets a real origin, cannot read other files on the disk, and the packaged binary runs
 * with the `grantFileProtocolExtraPrivileges` fuse off (electron-builder.yml). Every response
 * carries the CSP of csp.ts. The handler is plain Request → Response over a folder (no electron
 * import), so a Node test serves the real build with it.
 */
import { readFile } from 'node:fs/promises'
import { extname, join, relative, resolve, sep } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'tidings'
/** The page's URL; main loads it and IPC trusts only it. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** `protocol.registerSchemesAsPrivileged` input: standard + secure (a real origin, like https). */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } } as const

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

/** The file under `root` a request names, or null when it is not ours or leaves the folder. */
export function appRequestFile(root: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (path.includes('\0')) return null
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`)
  const inside = relative(resolve(root), file)
  return inside === '' || inside.startsWith('..') || inside.startsWith(sep) ? null : join(root, inside)
}

/** The `protocol.handle` handler for the page folder (out/renderer). */
export function createAppProtocolHandler(root: string, csp: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = appRequestFile(root, request.url)
    if (file === null || request.method !== 'GET') return new Response('not found', { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        status: 200,
        headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp, 'x-content-type-options': 'nosniff' },
      })
    } catch {
      return new Response('not found', { status: 404 })
    }
  }
}
