/**
 * Which web permissions the window gets: only writing text to the clipboard (the "Copy" buttons),
 * and only for our own page. Everything else — camera, notifications, geolocation, clipboard
 * reading, … — is refused. No electron import, so a Node test covers the rule.
 */

/** Permissions our own page may use. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/** Whether to grant `permission`; `ourPage` says the request comes from our renderer (sender check). */
export function permissionAllowed(permission: string, ourPage: boolean): boolean {
  return ourPage && ALLOWED_PERMISSIONS.has(permission)
}
