/**
 * Main → window messages, typed over the contract's `Pushes`: a wrong channel or payload fails to
 * compile. A window that is gone (closed, crashed) is skipped instead of throwing into the core.
 */
import type { WebContents } from 'electron'
import type { Pushes } from '../../preload/contract.ts'

/** Sends one push to a window's renderer; a destroyed webContents is ignored. */
export function push<C extends keyof Pushes>(
  target: Pick<WebContents, 'send' | 'isDestroyed'>,
  channel: C,
  ...args: Parameters<Pushes[C]>
): void {
  if (target.isDestroyed()) return
  target.send(channel, ...args)
}
