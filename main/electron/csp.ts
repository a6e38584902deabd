/**
 * The renderer's Content-Security-Policy: the one source of truth. renderer/index.html carries the
 * same string in its `<meta http-equiv="Content-Security-Policy">` (a build test compares them) and
 * main adds it as a response header to the bundled page. Nothing remote, nothing inline: scripts
 * and styles come only from the app's own files; the window talks to main over IPC, never the
 * network.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // The bundled page makes no requests ('self' is file: there); the dev server's HMR socket needs it.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  // Honoured only from the header (a meta tag cannot carry it; Chromium ignores it there).
  "frame-ancestors 'none'",
].join('; ')
