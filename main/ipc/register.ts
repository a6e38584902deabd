/**
 * The only place that touches ipcMain: one `ipcMain.handle` per invoke channel of the contract.
 * Each call is refused unless its sender is trusted, then every argument is validated, and only
 * then does the core's handler run. Typed over `Invokes`, so a missing or mistyped route fails to
 * compile.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Invokes } from '../../preload/contract.ts'
import type { Handlers } from '../core/service-api.ts'
import { channelValidators, type ChannelValidators } from './channel-validators.ts'
import type { SenderFacts } from './trusted-sender.ts'

/** Refusal of a call from a frame or webContents main did not create. */
export class UntrustedSenderError extends Error {
  readonly kind = 'untrusted-sender'
  constructor(channel: string) {
    super(`refused ${channel}: the sender is not a Tidings window`)
    this.name = 'UntrustedSenderError'
  }
}

export interface RegisterIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  /** The core's answer to each channel (TidingsService.handlers). */
  handlers: Handlers
  isTrustedSender: (facts: SenderFacts) => boolean
  /** Defaults to the contract's validators. */
  validators?: ChannelValidators
}

/** The facts the sender check needs, read off Electron's event. */
export function senderFacts(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): SenderFacts {
  const frame = event.senderFrame
  return {
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null,
    webContentsId: event.sender.id,
  }
}

/** Registers every invoke route; returns a function that removes them again. */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const { ipcMain, handlers, isTrustedSender, validators = channelValidators } = options

  /** One route: trust, then validate, then the core. */
  const handle = <C extends keyof Invokes>(
    channel: C,
    validate: (values: readonly unknown[]) => Parameters<Invokes[C]>,
    call: (...args: Parameters<Invokes[C]>) => ReturnType<Invokes[C]>,
  ) => {
    ipcMain.handle(channel, (event, ...values: unknown[]) => {
      if (!isTrustedSender(senderFacts(event))) throw new UntrustedSenderError(channel)
      return call(...validate(values))
    })
  }

  const channels = Object.keys(validators) as (keyof Invokes)[]
  for (const channel of channels) {
    handle(channel, validators[channel], handlers[channel] as (...args: unknown[]) => ReturnType<Invokes[typeof channel]>)
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
