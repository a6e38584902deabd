/**
 * The alert settings a new feed starts with: every event toasts, with sound, using the preset's
 * own mapping. Links open on click only for ntfy and gotify, whose click URL exists for exactly that;
 * other presets' data is arbitrary, so opening its URLs is an opt-in.
 */
import type { FeedAlertSettings, Preset } from '../types.ts'

/** Fresh defaults (a new object, with new arrays, on each call). */
export function defaultAlertSettings(preset: Preset): FeedAlertSettings {
  return {
    enabled: true,
    titleTemplate: '',
    bodyTemplate: '',
    minPriority: 1,
    sound: true,
    includeKeywords: [],
    excludeKeywords: [],
    openLinks: preset === 'ntfy' || preset === 'gotify',
  }
}
