/**
 * The core's ProxyResolver on Chromium's proxy resolution (`session.resolveProxy`): the system
 * settings, PAC script and WPAD the session's `net.fetch` (SSE feeds) already follows, now for
 * WebSocket, Socket.IO and gotify stream connections too. Electron answers a PAC result string
 * (`"PROXY proxy.corp:3128;DIRECT"`); what it means for our tunnel, and the warning when an entry
 * cannot be used (SOCKS), live in the core (transports/system-proxy.ts).
 */
import type { Session } from 'electron'
import type { Logger } from '../core/log.ts'
import type { ProxyResolver } from '../core/ports.ts'
import { createSystemProxyResolver } from '../core/transports/system-proxy.ts'

/** The resolver of `session` (the default session: the one `net.fetch` uses), warning to `log`. */
export function createElectronProxyResolver(session: Pick<Session, 'resolveProxy'>, log: Pick<Logger, 'warn'>): ProxyResolver {
  return createSystemProxyResolver({
    resolve: (url) => session.resolveProxy(url),
    warn: (message, detail) => log.warn(message, detail),
  })
}
