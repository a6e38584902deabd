import { describe, expect, it } from 'vitest'
import { permissionAllowed } from './permissions.ts'

describe('permissionAllowed', () => {
  it('lets our page write to the clipboard, and nothing more', () => {
    expect(permissionAllowed('clipboard-sanitized-write', true)).toBe(true)
    for (const permission of ['clipboard-read', 'notifications', 'media', 'geolocation', 'openExternal', 'fullscreen', 'unknown']) {
      expect(permissionAllowed(permission, true)).toBe(false)
    }
  })

  it('gives nothing to any other page', () => {
    expect(permissionAllowed('clipboard-sanitized-write', false)).toBe(false)
  })
})
