/**
 * What no web content of ours may do: navigate away, open windows, attach webviews, or get a
 * permission beyond permissions.ts. Applied to every webContents Electron creates
 * ('web-contents-created') and to the default session, so nothing slips through a new window.
 * The page's CSP travels with it: a response header of the app:// protocol (app-protocol.ts) and
 * the meta tag of renderer/index.html.
 */
import type { Session, WebContents } from 'electron'
import type { SenderFacts } from '../ipc/trusted-sender.ts'
import { permissionAllowed } from './permissions.ts'

/** Denies navigation, new windows and webviews for one webContents. */
export function hardenWebContents(contents: WebContents): void {
  // The app is one page; in-page (hash) navigation does not raise 'will-navigate'.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // Links open through `window.tidings.openUrl` (validated in main), never as new windows.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Grants our page only the permissions of permissions.ts; everything else, and every other page, is refused. */
export function hardenSession(session: Session, isOurPage: (facts: SenderFacts) => boolean): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permissionAllowed(permission, isOurPage({ frameUrl: details.requestingUrl, isMainFrame: details.isMainFrame, webContentsId: contents.id })))
  })
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    permissionAllowed(permission, contents !== null && isOurPage({ frameUrl: details.requestingUrl ?? null, isMainFrame: details.isMainFrame, webContentsId: contents.id })),
  )
}
