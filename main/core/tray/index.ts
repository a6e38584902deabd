/** tray/: the tray state and badge model (pure functions; Electron only renders it). */
export { trayModel } from './model.ts'
export type { Health, TrayInput, TrayModel } from './model.ts'
export { badgeText } from './badge.ts'
export { TRAY_ICONS, trayIcon } from './icons.ts'
