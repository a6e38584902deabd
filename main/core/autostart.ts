/**
 * Launch at login on Linux desktops, which Electron's `setLoginItemSettings` does not cover: an
 * XDG autostart entry (`~/.config/autostart/tidings.desktop`). This file decides its place and
 * text; main/electron/login-item.ts writes or removes it.
 */
import { join } from 'node:path'

/** Where the entry lives (XDG_CONFIG_HOME or ~/.config). */
export function linuxAutostartPath(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', 'tidings.desktop')
}

// [spec: Desktop Entry, "The Exec key"] Arguments with reserved characters are double-quoted,
// and inside quotes `"`, `` ` ``, `$` and `\` are escaped with a backslash.
function quoteArg(arg: string): string {
  if (/^[A-Za-z0-9_\-./:=@%+,]+$/.test(arg)) return arg
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`
}

/** The entry's text for the executable (an AppImage's path when run from one) and its arguments. */
export function linuxAutostartEntry(executable: string, args: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tidings',
    'Comment=Keeps your Server-Sent Events feeds',
    `Exec=${[executable, ...args].map(quoteArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}
