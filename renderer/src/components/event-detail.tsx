/**
 * One event in full: id, type, feed, time, size, the raw data as text and, for JSON, a foldable
 * pretty-printed tree. Copy puts the raw data on the clipboard. Nothing here renders HTML.
 */
import { useMemo, useState } from 'react'
import { Copy, ExternalLink } from 'lucide-react'
import type { StoredEventDto, TidingsApi } from '../../../preload/contract.ts'
import { formatBytes, formatDateTime } from '../format/numbers.ts'
import { useT } from '../i18n/translate.ts'
import { useReport } from '../state/problems.tsx'
import { errorMessage } from '../util/error-message.ts'
import { JsonTree, parseJsonContainer } from './json-tree.tsx'

export interface EventDetailProps {
  api: TidingsApi
  event: StoredEventDto | null
  feedName: string
}

const MAX_TREE_BYTES = 512 * 1024

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    // Clipboard API refused (no focus, no permission): the older way still works in Electron.
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.className = 'offscreen'
    document.body.append(area)
    area.select()
    const ok = document.execCommand('copy')
    area.remove()
    if (!ok) throw new Error('copy refused')
  }
}

/** The `click` link of an ntfy-style event, when it is http(s). */
function linkOf(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const click = (value as Record<string, unknown>).click
  return typeof click === 'string' && /^https?:\/\//i.test(click) ? click : null
}

/** The detail pane (or a hint when nothing is selected). */
export function EventDetail({ api, event, feedName }: EventDetailProps) {
  const { t, lang } = useT()
  const report = useReport()
  const [view, setView] = useState<'json' | 'raw'>('json')
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle')
  const json = useMemo(
    () => (event !== null && event.data.length <= MAX_TREE_BYTES ? parseJsonContainer(event.data) : null),
    [event],
  )
  if (event === null) {
    return (
      <section className="detail empty" aria-label={t('detail.label')}>
        <p className="muted">{t('detail.none')}</p>
      </section>
    )
  }
  const link = linkOf(json)
  const copy = (): void => {
    copyText(event.data).then(
      () => setCopied('done'),
      () => setCopied('failed'),
    )
  }
  const size = new TextEncoder().encode(event.data).length
  return (
    <section className="detail" aria-label={t('detail.label')} data-seq={event.seq}>
      <div className="detail-head">
        <h2>{t('detail.title')}</h2>
        <div className="actions">
          {link !== null && (
            <button
              type="button"
              onClick={() => void api.openUrl(link).catch((e: unknown) => report(t('problems.openUrl', { message: errorMessage(e) })))}
              title={link}
            >
              <ExternalLink size={14} aria-hidden="true" />
              {t('detail.openLink')}
            </button>
          )}
          <button type="button" onClick={copy} onBlur={() => setCopied('idle')}>
            <Copy size={14} aria-hidden="true" />
            {copied === 'done' ? t('detail.copied') : copied === 'failed' ? t('detail.copyFailed') : t('detail.copy')}
          </button>
        </div>
      </div>
      <dl className="detail-facts">
        <dt>{t('detail.id')}</dt>
        <dd data-field="id">{event.id === '' ? <span className="muted">{t('detail.noId')}</span> : event.id}</dd>
        <dt>{t('detail.type')}</dt>
        <dd data-field="type">{event.type}</dd>
        <dt>{t('detail.feed')}</dt>
        <dd>{feedName}</dd>
        <dt>{t('detail.time')}</dt>
        <dd>{formatDateTime(event.receivedAt, lang)}</dd>
        <dt>{t('detail.size')}</dt>
        <dd>{formatBytes(size, lang)}</dd>
      </dl>
      {json !== null && (
        <div className="segmented" role="group" aria-label={t('detail.view')}>
          <button type="button" aria-pressed={view === 'json'} onClick={() => setView('json')}>
            {t('detail.json')}
          </button>
          <button type="button" aria-pressed={view === 'raw'} onClick={() => setView('raw')}>
            {t('detail.raw')}
          </button>
        </div>
      )}
      <div className="detail-data">
        {json !== null && view === 'json' ? (
          <JsonTree key={event.seq} value={json} />
        ) : (
          <pre className="raw" data-field="raw">
            {event.data}
          </pre>
        )}
      </div>
    </section>
  )
}
