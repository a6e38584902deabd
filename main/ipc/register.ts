/**
 * The only place that touches ipcMain: one `ipcMain.handle` per invoke channel of the contract.
 * Each call is refused unless its sender is trusted, then every argument is validated, and only
 * then does the core's handler run. Typed over `Invokes`, so a missing or mistyped route fails to
 * compile.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Invokes, ShellInvokes } from '../../preload/contract.ts'
import type { Handlers } from '../core/service-api.ts'
import { channelValidators, shellValidators, type ChannelValidators, type ShellValidators } from './channel-validators.ts'
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
  /** The desktop shell's own channels (ShellInvokes), routed the same way; absent in tests of the core. */
  shell?: { handlers: ShellHandlers; validators?: ShellValidators }
}

/** One async function per shell channel. */
export type ShellHandlers = { [C in keyof ShellInvokes]: (...args: Parameters<ShellInvokes[C]>) => ReturnType<ShellInvokes[C]> }

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
  const handle = <A extends unknown[], R>(channel: string, validate: (values: readonly unknown[]) => A, call: (...args: A) => R) => {
    ipcMain.handle(channel, (event, ...values: unknown[]) => {
      if (!isTrustedSender(senderFacts(event))) throw new UntrustedSenderError(channel)
      return call(...validate(values))
    })
  }

  const channels: string[] = Object.keys(validators)
  for (const channel of channels as (keyof Invokes)[]) {
    handle(channel, validators[channel] as (values: readonly unknown[]) => unknown[], handlers[channel] as (...args: unknown[]) => unknown)
  }
  if (options.shell) {
    const shell = options.shell
    const routes = shell.validators ?? shellValidators
    for (const channel of Object.keys(routes) as (keyof ShellInvokes)[]) {
      handle(channel, routes[channel] as (values: readonly unknown[]) => unknown[], shell.handlers[channel] as (...args: unknown[]) => unknown)
      channels.push(channel)
    }
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
