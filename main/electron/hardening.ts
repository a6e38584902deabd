/**
 * What no web content of ours may do: navigate away, open windows, attach webviews, or get any
 * permission (camera, notifications, clipboard, …). Applied to every webContents Electron creates
 * ('web-contents-created') and to the default session, so nothing slips through a new window.
 */
import type { Session, WebContents } from 'electron'

/** Denies navigation, new windows and webviews for one webContents. */
export function hardenWebContents(contents: WebContents): void {
  // The app is one page; in-page (hash) navigation does not raise 'will-navigate'.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // Links open through `window.tidings.openUrl` (validated in main), never as new windows.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Denies every permission and adds the CSP header to the bundled (file:) page. */
export function hardenSession(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived({ urls: ['file://*/*'] }, (details, callback) => {
    // The value is CSP (csp.ts), evaluated where it stands literally: renderer/index.html's meta tag.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } }) // eng-disable CSP_GLOBAL_CHECK
  })
}
