/**
 * Test fixtures (not shipped): a Feed, a FeedStatus and AppSettings built on the real defaults, so
 * a test states only what it is about and a change to a default reaches every test at once.
 */
import { defaultAlertSettings } from '../core/alerts/defaults.ts'
import { DEFAULT_MAX_EVENT_BYTES, defaultRetention } from '../core/feeds/feed.ts'
import type { AppSettings } from '../core/ports.ts'
import { defaultAppSettings } from '../core/settings/schema.ts'
import type { Feed, FeedAlertSettings, FeedStatus } from '../core/types.ts'

/** What a test may override on a feed; `alerts` is merged over the preset's defaults. */
export type FeedOverrides = Partial<Omit<Feed, 'alerts'>> & { alerts?: Partial<FeedAlertSettings> }

/** A feed as `applyFeedInput` would make it (id `f1`, generic preset), with `overrides` applied. */
export function testFeed(overrides: FeedOverrides = {}): Feed {
  const preset = overrides.preset ?? 'generic'
  return {
    id: 'f1',
    name: 'Alerts',
    url: 'https://example.test/events',
    preset,
    headers: {},
    auth: { kind: 'none' },
    eventTypes: [],
    paused: false,
    stallTimeoutSec: null,
    maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
    caCertificate: null,
    retention: defaultRetention(),
    order: 0,
    createdAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
    alerts: { ...defaultAlertSettings(preset), ...overrides.alerts },
  }
}

/** A fresh status of feed `f1` (connecting since 0, all counters zero), with `overrides` applied. */
export function testStatus(overrides: Partial<FeedStatus> = {}): FeedStatus {
  return {
    feedId: 'f1',
    state: 'connecting',
    since: 0,
    stopReason: null,
    lastEventAt: null,
    lastError: null,
    nextRetryAt: null,
    stallLimitMs: 45_000,
    counters: { events: 0, reconnects: 0, bytes: 0, dropped: 0 },
    lastGap: null,
    ...overrides,
  }
}

/** The app settings a new install starts with, with `overrides` applied. */
export function testAppSettings(overrides: Partial<AppSettings> = {}): AppSettings {
  return { ...defaultAppSettings(), ...overrides }
}
