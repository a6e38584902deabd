/**
 * What "Test connection" found: the response facts and the first events, or the error in words
 * with the technical message underneath. The headline says only what the test proved for the kind
 * of feed tested: an event stream, a server that accepted the subscription, or — for the built-in
 * example feed, which has no server — that Tidings made an event.
 */
import { useEffect, useRef } from 'react'
import type { TestResultDto } from '../../../preload/contract.ts'
import { describeError } from '../format/describe.ts'
import { oneLine } from '../format/summary.ts'
import { useT, type Translate } from '../i18n/translate.ts'

/** The result's first line; `example`: the built-in example feed was tested (no server answered). */
export function testHeadline(result: TestResultDto, example: boolean, t: Translate): string {
  if (!result.ok) return result.error === null ? t('test.failed') : describeError(result.error, t)
  if (example) return result.events.length > 0 ? t('test.okExample') : t('test.okExampleQuiet')
  return result.contentType?.includes('text/event-stream') === true ? t('test.ok') : t('test.okConnected')
}

/** The result box (role=status so screen readers hear it). */
export function TestResult({ result, example }: { result: TestResultDto; example: boolean }) {
  const { t } = useT()
  const ref = useRef<HTMLDivElement>(null)
  // The button sits at the bottom of a long form: bring the answer into view.
  useEffect(() => {
    // (Braces: newer Chromium returns a promise from scrollIntoView, which is no effect cleanup.)
    void ref.current?.scrollIntoView({ block: 'nearest' })
  }, [result])
  const facts = [
    result.status === null ? null : t('test.status', { status: result.status }),
    result.contentType === null ? null : t('test.contentType', { type: result.contentType }),
  ].filter((fact): fact is string => fact !== null)
  return (
    <div ref={ref} className={result.ok ? 'test-result ok' : 'test-result failed'} role="status" data-test-ok={result.ok}>
      <p className="test-headline">{testHeadline(result, example, t)}</p>
      {facts.length > 0 && <p className="muted">{facts.join(' · ')}</p>}
      {result.error !== null && (
        <details className="technical">
          <summary>{t('health.technical')}</summary>
          <p className="muted mono">{[result.error.code, result.error.message].filter((part) => part !== undefined && part !== '').join(' · ')}</p>
        </details>
      )}
      {result.ok &&
        (result.events.length === 0 ? (
          <p className="muted">{t('test.noEvents')}</p>
        ) : (
          <>
            <p>{t('test.firstEvents')}</p>
            <ul className="test-events">
              {result.events.map((event, index) => (
                <li key={index}>
                  <span className="event-type">{event.type}</span> <span className="mono">{oneLine(event.data, 200)}</span>
                </li>
              ))}
            </ul>
          </>
        ))}
    </div>
  )
}
