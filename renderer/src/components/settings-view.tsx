/**
 * App settings, saved as they change: Do Not Disturb, quiet hours, burst grouping, start-up,
 * theme and language; feed import/export; and what this build is.
 */
import { useEffect, useState } from 'react'
import type { AppInfoDto, AppSettingsDto, TidingsApi } from '../../../preload/contract.ts'
import { useT } from '../i18n/translate.ts'
import { ImportExport } from './import-export.tsx'
import { errorMessage } from '../util/error-message.ts'

export interface SettingsViewProps {
  api: TidingsApi
  settings: AppSettingsDto
  update: (patch: Partial<AppSettingsDto>) => Promise<AppSettingsDto>
  onImported: () => void
}

function Toggle({ label, hint, checked, onChange, name }: { label: string; hint?: string; checked: boolean; onChange: (v: boolean) => void; name: string }) {
  return (
    <label className="check" data-setting={name}>
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>
        {label}
        {hint !== undefined && <span className="hint block">{hint}</span>}
      </span>
    </label>
  )
}

/** The settings page. */
export function SettingsView({ api, settings, update, onImported }: SettingsViewProps) {
  const { t } = useT()
  const [info, setInfo] = useState<AppInfoDto | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api.info().then(setInfo, (e: unknown) => setError(t('problems.info', { message: errorMessage(e) })))
    // `t` only words a failure.
  }, [api])

  const save = (patch: Partial<AppSettingsDto>): void => {
    update(patch).then(
      () => setError(null),
      (e: unknown) => setError(t('settings.saveFailed', { message: errorMessage(e) })),
    )
  }
  const quiet = settings.quietHours

  return (
    <div className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      {error !== null && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <section>
        <h3>{t('settings.notifications')}</h3>
        <Toggle
          name="dnd"
          label={t('settings.dnd')}
          hint={t('settings.dndHint')}
          checked={settings.doNotDisturb}
          onChange={(doNotDisturb) => save({ doNotDisturb })}
        />
        <Toggle
          name="quiet"
          label={t('settings.quietHours')}
          hint={t('settings.quietHint')}
          checked={quiet.enabled}
          onChange={(enabled) => save({ quietHours: { ...quiet, enabled } })}
        />
        <div className="field-pair indent">
          <label className="field">
            <span className="field-label">{t('settings.quietStart')}</span>
            <input
              type="time"
              value={quiet.start}
              disabled={!quiet.enabled}
              onChange={(event) => event.target.value !== '' && save({ quietHours: { ...quiet, start: event.target.value } })}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('settings.quietEnd')}</span>
            <input
              type="time"
              value={quiet.end}
              disabled={!quiet.enabled}
              onChange={(event) => event.target.value !== '' && save({ quietHours: { ...quiet, end: event.target.value } })}
            />
          </label>
        </div>
        <div className="field-pair">
          <label className="field">
            <span className="field-label">{t('settings.coalesceMax')}</span>
            <input
              type="number"
              min={1}
              max={100}
              value={settings.coalesceMax}
              onChange={(event) => {
                const value = Number(event.target.value)
                if (Number.isInteger(value) && value >= 1) save({ coalesceMax: value })
              }}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('settings.coalesceWindow')}</span>
            <input
              type="number"
              min={1}
              max={600}
              value={Math.round(settings.coalesceWindowMs / 1000)}
              onChange={(event) => {
                const value = Number(event.target.value)
                if (Number.isFinite(value) && value >= 1) save({ coalesceWindowMs: Math.round(value * 1000) })
              }}
            />
          </label>
        </div>
        <p className="hint">{t('settings.coalesceHint')}</p>
      </section>

      <section>
        <h3>{t('settings.startup')}</h3>
        <Toggle name="login" label={t('settings.launchAtLogin')} checked={settings.launchAtLogin} onChange={(launchAtLogin) => save({ launchAtLogin })} />
        <Toggle
          name="hidden"
          label={t('settings.startHidden')}
          hint={t('settings.startHiddenHint')}
          checked={settings.startHidden}
          onChange={(startHidden) => save({ startHidden })}
        />
      </section>

      <section>
        <h3>{t('settings.appearance')}</h3>
        <div className="field-pair">
          <label className="field">
            <span className="field-label">{t('settings.theme')}</span>
            <select value={settings.theme} onChange={(event) => save({ theme: event.target.value as AppSettingsDto['theme'] })}>
              <option value="system">{t('settings.themeSystem')}</option>
              <option value="light">{t('settings.themeLight')}</option>
              <option value="dark">{t('settings.themeDark')}</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('settings.language')}</span>
            <select
              data-setting="language"
              value={settings.language}
              onChange={(event) => save({ language: event.target.value as AppSettingsDto['language'] })}
            >
              <option value="system">{t('settings.languageSystem')}</option>
              <option value="en" lang="en">
                English
              </option>
              <option value="zh-CN" lang="zh-CN">
                简体中文
              </option>
            </select>
          </label>
        </div>
      </section>

      <section>
        <h3>{t('settings.history')}</h3>
        <p className="hint">{t('settings.retentionHint')}</p>
      </section>

      <ImportExport api={api} onImported={onImported} />

      {info !== null && (
        <section>
          <h3>{t('settings.about')}</h3>
          <p className="muted">
            {t('settings.version', { version: info.version, platform: info.platform })}
            {info.fts ? '' : ` · ${t('settings.noFts')}`}
          </p>
        </section>
      )}
    </div>
  )
}
