/**
 * Feeds in and out as JSON: export (secrets only when asked, with a warning), import a Tidings
 * export, or import ntfy's subscription list. The result says what was added, skipped and why.
 */
import { useEffect, useState } from 'react'
import type { ImportResultDto, TidingsApi } from '../../../preload/contract.ts'
import { useT } from '../i18n/translate.ts'
import { errorMessage } from '../util/error-message.ts'

export interface ImportExportProps {
  api: TidingsApi
  onImported: () => void
}

/** The "Feeds" section of the settings page. */
export function ImportExport({ api, onImported }: ImportExportProps) {
  const { t } = useT()
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
    api.exportFeeds(includeSecrets).then(setExported, fail)
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
        <label className="check">
          <input type="checkbox" checked={includeSecrets} onChange={(event) => setIncludeSecrets(event.target.checked)} />
          <span>{t('io.includeSecrets')}</span>
        </label>
        <button type="button" onClick={doExport}>
          {t('io.export')}
        </button>
      </div>
      {includeSecrets && <p className="hint warn">{t('io.secretsWarning')}</p>}
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
