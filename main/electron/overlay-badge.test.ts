import { describe, expect, it } from 'vitest'
import { OVERLAY_BADGES, overlayBadge } from './overlay-badge.ts'

describe('overlayBadge', () => {
  it('maps counts to one of the generated images', () => {
    expect(overlayBadge(0)).toBeNull()
    expect(overlayBadge(Number.NaN)).toBeNull()
    expect(overlayBadge(1)).toBe('badge-1')
    expect(overlayBadge(9)).toBe('badge-9')
    expect(overlayBadge(10)).toBe('badge-9plus')
    expect(overlayBadge(123_456)).toBe('badge-9plus')
    const stems = new Set(OVERLAY_BADGES.map((b) => b.stem))
    for (let n = 1; n <= 20; n++) expect(stems.has(overlayBadge(n)!)).toBe(true)
  })
})
