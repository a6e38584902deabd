/**
 * alerts/: per event, whether a toast shows and what it says; sound, coalescing, quiet hours.
 * The service imports from here.
 */
export { createAlerts } from './alerts.ts'
export type { Alerts, AlertsDeps, LocalMinuteOfDay, Timers } from './alerts.ts'
export { defaultAlertSettings } from './defaults.ts'
export { renderToast, safeClickUrl } from './render.ts'
export type { RenderedToast } from './render.ts'
export { inQuietHours } from './quiet-hours.ts'
