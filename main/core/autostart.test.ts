import { describe, expect, it } from 'vitest'
import { linuxAutostartEntry, linuxAutostartPath } from './autostart.ts'

describe('Linux autostart entry', () => {
  it('lives in the XDG autostart folder', () => {
    expect(linuxAutostartPath({}, '/home/ann')).toBe('/home/ann/.config/autostart/tidings.desktop')
    expect(linuxAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/autostart/tidings.desktop')
  })
  it('quotes the executable and arguments as the Desktop Entry spec asks', () => {
    const entry = linuxAutostartEntry('/opt/My Apps/Tidings.AppImage', ['--flag', 'a"b$c'])
    expect(entry).toContain('Exec="/opt/My Apps/Tidings.AppImage" --flag "a\\"b\\$c"\n')
    expect(entry.startsWith('[Desktop Entry]\nType=Application\nName=Tidings\n')).toBe(true)
  })
})
