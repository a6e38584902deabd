/**
 * App settings, live: read once, replaced by every `settings:changed` push, written by patches.
 */
import { useCallback, useEffect, useState } from 'react'
import type { AppSettingsDto, TidingsApi } from '../../../preload/contract.ts'

export interface SettingsState {
  settings: AppSettingsDto | null
  /** Writes a patch; resolves with the settings as stored. */
  update: (patch: Partial<AppSettingsDto>) => Promise<AppSettingsDto>
}

/** Reads and follows the app settings. */
export function useSettings(api: TidingsApi): SettingsState {
  const [settings, setSettings] = useState<AppSettingsDto | null>(null)
  useEffect(() => {
    let live = true
    api.getSettings().then(
      (value) => {
        if (live) setSettings(value)
      },
      () => undefined,
    )
    const off = api.onSettingsChanged((value) => setSettings(value))
    return () => {
      live = false
      off()
    }
  }, [api])
  const update = useCallback(
    async (patch: Partial<AppSettingsDto>) => {
      const stored = await api.setSettings(patch)
      setSettings(stored)
      return stored
    },
    [api],
  )
  return { settings, update }
}
