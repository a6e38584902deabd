/**
 * The core's Notifier port on Electron's `Notification`. The core already decided whether, what
 * and how loud; this only shows it. Live notifications are kept referenced until clicked or closed
 * (a collected Notification loses its click handler), at most `MAX_LIVE` of them.
 */
import { Notification } from 'electron'
import type { Notifier, Toast } from '../core/ports.ts'

const MAX_LIVE = 50

export interface ElectronNotifierOptions {
  /** The user clicked the toast. */
  onClick(toast: Toast): void
  /** Also told of every toast (the E2E probe); optional. */
  onShow?: (toast: Toast) => void
}

/** A Notifier that raises native toasts; silent when the toast says no sound. */
export function createElectronNotifier(options: ElectronNotifierOptions): Notifier {
  const live = new Set<Notification>()
  return {
    show(toast) {
      options.onShow?.(toast)
      if (!Notification.isSupported()) return
      const notification = new Notification({ title: toast.title, body: toast.body, silent: !toast.sound })
      const forget = () => live.delete(notification)
      notification.on('click', () => {
        forget()
        options.onClick(toast)
      })
      notification.on('close', forget)
      notification.on('failed', forget)
      live.add(notification)
      for (const old of live) {
        if (live.size <= MAX_LIVE) break
        live.delete(old)
      }
      notification.show()
    },
  }
}
