/**
 * App settings, live: read once, replaced by every `settings:changed` push, written by patches.
 * A failed read is an error the window shows with a way to try again (never "Loading…" forever).
 */
import { useCallback, useEffect, useState } from 'react'
import type { AppSettingsDto, TidingsApi } from '../../../preload/contract.ts'
import { errorMessage } from '../util/error-message.ts'

export interface SettingsState {
  settings: AppSettingsDto | null
  /** Why the settings could not be read; null when they were (or are being) read. */
  error: string | null
  /** Reads them again after a failure. */
  retry: () => void
  /** Writes a patch; resolves with the settings as stored. */
  update: (patch: Partial<AppSettingsDto>) => Promise<AppSettingsDto>
}

/** Reads and follows the app settings. */
export function useSettings(api: TidingsApi): SettingsState {
  const [settings, setSettings] = useState<AppSettingsDto | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    setError(null)
    api.getSettings().then(
      (value) => {
        if (live) setSettings(value)
      },
      (e: unknown) => {
        if (live) setError(errorMessage(e))
      },
    )
    const off = api.onSettingsChanged((value) => setSettings(value))
    return () => {
      live = false
      off()
    }
  }, [api, attempt])
  const update = useCallback(
    async (patch: Partial<AppSettingsDto>) => {
      const stored = await api.setSettings(patch)
      setSettings(stored)
      return stored
    },
    [api],
  )
  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { settings, error, retry, update }
}
