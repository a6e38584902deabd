/**
 * Feeds in and out as JSON: export (secrets only when asked, with a warning), import a Tidings
 * export, or import ntfy's subscription list. The result says what was added, skipped and why.
 * In the app the export is written by main through a save dialog, so tokens never reach this
 * page; a bridge without the shell gets the export as text, never with secrets.
 */
import { useEffect, useMemo, useState } from 'react'
import type { ExportFileResultDto, ImportResultDto, TidingsApi } from '../../../preload/contract.ts'
import { shellOf } from '../api.ts'
import { useT } from '../i18n/translate.ts'
import { errorMessage } from '../util/error-message.ts'

export interface ImportExportProps {
  api: TidingsApi
  onImported: () => void
}

/** The "Feeds" section of the settings page. */
export function ImportExport({ api, onImported }: ImportExportProps) {
  const { t } = useT()
  const shell = useMemo(() => shellOf(api), [api])
  const [saved, setSaved] = useState<ExportFileResultDto | null>(null)
  const [includeSecrets, setIncludeSecrets] = useState(false)
  const [exported, setExported] = useState<string | null>(null)
  const [downloadUrl, setDownloadUrl] = useState<string | null>(null)
  const [result, setResult] = useState<ImportResultDto | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (exported === null) return
    const url = URL.createObjectURL(new Blob([exported], { type: 'application/json' }))
    setDownloadUrl(url)
    return () => URL.revokeObjectURL(url)
  }, [exported])

  const fail = (e: unknown): void => setError(t('io.failed', { message: errorMessage(e) }))

  const doExport = (): void => {
    setError(null)
    setSaved(null)
    if (shell !== null) {
      shell.exportFeedsToFile(includeSecrets).then(setSaved, (e: unknown) => setError(t('io.exportFailed', { message: errorMessage(e) })))
      return
    }
    api.exportFeeds(false).then(setExported, (e: unknown) => setError(t('io.exportFailed', { message: errorMessage(e) })))
  }

  const doImport = (file: File | undefined, kind: 'tidings' | 'ntfy'): void => {
    if (file === undefined) return
    setError(null)
    setResult(null)
    file
      .text()
      .then((text) => (kind === 'ntfy' ? api.importNtfy(text) : api.importFeeds(text)))
      .then((imported) => {
        setResult(imported)
        onImported()
      }, fail)
  }

  return (
    <section aria-labelledby="import-export-title">
      <h3 id="import-export-title">{t('io.title')}</h3>
      <div className="io-row">
        {shell !== null && (
          <label className="check">
            <input type="checkbox" checked={includeSecrets} onChange={(event) => setIncludeSecrets(event.target.checked)} />
            <span>{t('io.includeSecrets')}</span>
          </label>
        )}
        <button type="button" onClick={doExport}>
          {shell !== null ? t('io.exportToFile') : t('io.export')}
        </button>
      </div>
      {shell !== null && includeSecrets && <p className="hint warn">{t('io.secretsWarning')}</p>}
      {saved !== null && (
        <p className="notice" role="status" data-export-result={saved.saved ? 'saved' : 'cancelled'}>
          {saved.saved ? t('io.savedTo', { path: saved.path ?? '' }) : t('io.cancelled')}
        </p>
      )}
      {exported !== null && (
        <div className="export">
          <textarea readOnly rows={6} aria-label={t('io.exported')} value={exported} spellCheck={false} />
          <div className="actions">
            {downloadUrl !== null && (
              <a className="button" href={downloadUrl} download="tidings-feeds.json">
                {t('io.save')}
              </a>
            )}
            <button type="button" onClick={() => void navigator.clipboard.writeText(exported).catch((e: unknown) => setError(t('problems.copy', { message: errorMessage(e) })))}>
              {t('io.copy')}
            </button>
          </div>
        </div>
      )}
      <div className="io-row">
        <label className="file">
          <span className="button">{t('io.importFeeds')}</span>
          <input
            type="file"
            accept="application/json,.json"
            data-import="tidings"
            onChange={(event) => {
              doImport(event.target.files?.[0], 'tidings')
              event.target.value = ''
            }}
          />
        </label>
        <label className="file">
          <span className="button">{t('io.importNtfy')}</span>
          <input
            type="file"
            accept="application/json,.json"
            data-import="ntfy"
            onChange={(event) => {
              doImport(event.target.files?.[0], 'ntfy')
              event.target.value = ''
            }}
          />
        </label>
      </div>
      <p className="hint">{t('io.ntfyHint')}</p>
      {result !== null && (
        <div className="notice" role="status" data-import-result>
          <p>{t('io.result', { added: result.added, skipped: result.skipped })}</p>
          {result.errors.length > 0 && (
            <ul>
              {result.errors.map((message, index) => (
                <li key={index}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error !== null && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
