/**
 * Add or edit a feed: address (http(s) for Server-Sent Events, ws(s) for a WebSocket), preset
 * (suggested from the URL until the user picks one; Socket.IO and gotify are chosen, never guessed),
 * auth (secrets are write-only), extra headers, event-type filter, notifications, retention, the
 * feed's own CA certificate, whether the server may pause it, and a "Test connection" that shows
 * the first events or the exact error in words. A field with a problem is marked (aria-invalid),
 * says what is wrong right under it, and is brought into view and focused; its section opens if it
 * was closed.
 */
import { useEffect, useRef, useState } from 'react'
import { X } from 'lucide-react'
import type { FeedDto, TestResultDto, TidingsApi } from '../../../preload/contract.ts'
import type { Priority } from '../../../main/core/types.ts'
import {
  formFromFeed,
  inputFromForm,
  withPreset,
  withUrl,
  type FeedForm,
  type FieldProblem,
  type FormProblem,
  type ProblemField,
} from '../feeds/feed-form.ts'
import { suggestName, suggestPreset } from '../feeds/suggest-preset.ts'
import { presetHints, urlPlaceholders } from '../feeds/preset-help.ts'
import { isExampleUrl } from '../feeds/example-feed.ts'
import { useT, type MessageKey } from '../i18n/translate.ts'
import { Dialog } from './dialog.tsx'
import { Check, Field, Section, problemId } from './form-parts.tsx'
import { TestResult } from './test-result.tsx'
import { errorMessage } from '../util/error-message.ts'

export interface FeedDialogProps {
  api: TidingsApi
  /** null = a new feed. */
  feed: FeedDto | null
  /** Values to start a new feed with (a quick-start entry). */
  initial?: Partial<FeedForm>
  onClose: () => void
  onSaved: (feed: FeedDto) => void
}

const problemKeys: Record<FormProblem, MessageKey> = {
  url: 'feedDialog.invalid.url',
  urlSse: 'feedDialog.invalid.urlSse',
  number: 'feedDialog.invalid.number',
  header: 'feedDialog.invalid.header',
  username: 'feedDialog.invalid.username',
  ca: 'feedDialog.invalid.ca',
}


/** The dialog. */
export function FeedDialog({ api, feed, initial, onClose, onSaved }: FeedDialogProps) {
  const { t } = useT()
  const isNew = feed === null
  const [form, setForm] = useState<FeedForm>(() => ({ ...formFromFeed(feed), ...(feed === null ? initial : undefined) }))
  /** A field's problem (shown at the field). */
  const [fieldProblem, setFieldProblem] = useState<FieldProblem | null>(null)
  /** A problem the core or the bridge reported (shown at the bottom, brought into view). */
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState<'idle' | 'saving' | 'testing'>('idle')
  // With whether the address tested was the example feed's (the headline differs: no server).
  const [test, setTest] = useState<{ result: TestResultDto; example: boolean } | null>(null)
  const [focusNonce, setFocusNonce] = useState(0)
  const formRef = useRef<HTMLFormElement>(null)
  const problemRef = useRef<HTMLParagraphElement>(null)
  const set = (patch: Partial<FeedForm>): void => {
    setForm((current) => ({ ...current, ...patch }))
    setFieldProblem(null)
  }
  const setAlerts = (patch: Partial<FeedForm['alerts']>): void =>
    setForm((current) => ({ ...current, alerts: { ...current.alerts, ...patch } }))

  // A field problem: bring the field into view and put the cursor in it (after its section opened).
  useEffect(() => {
    if (fieldProblem === null) return
    // The section holding the field opened in this same commit, so the field is there to focus.
    const input = formRef.current?.querySelector<HTMLElement>(`[aria-describedby~="${problemId(fieldProblem.field)}"]`)
    input?.focus({ preventScroll: true })
    void input?.scrollIntoView({ block: 'center' })
  }, [fieldProblem, focusNonce])
  useEffect(() => {
    if (problem !== null) void problemRef.current?.scrollIntoView({ block: 'nearest' })
  }, [problem])

  const build = () => {
    const result = inputFromForm(form, isNew)
    if ('problem' in result) {
      setFieldProblem({ problem: result.problem, field: result.field })
      setFocusNonce((n) => n + 1)
      setProblem(null)
      return null
    }
    setFieldProblem(null)
    setProblem(null)
    return result.input
  }
  /** Props that mark an input as the one with the problem. */
  const mark = (field: ProblemField) =>
    fieldProblem?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': problemId(field) } : {}
  const problemAt = (field: ProblemField) => (fieldProblem?.field === field ? { field, text: t(problemKeys[fieldProblem.problem]) } : null)
  const inSection = (...fields: string[]): boolean => fieldProblem !== null && fields.some((f) => fieldProblem.field.startsWith(f))

  const save = (): void => {
    const input = build()
    if (input === null) return
    setBusy('saving')
    const call = feed === null ? api.addFeed(input) : api.updateFeed(feed.id, input)
    call.then(
      (saved) => {
        onSaved(saved)
        onClose()
      },
      (e: unknown) => {
        setBusy('idle')
        setProblem(t('feedDialog.saveFailed', { message: errorMessage(e) }))
      },
    )
  }

  const runTest = (): void => {
    const input = build()
    if (input === null) return
    setBusy('testing')
    setTest(null)
    api.testFeed(input).then(
      (result) => {
        setBusy('idle')
        setTest({ result, example: isExampleUrl(input.url) })
      },
      (e: unknown) => {
        setBusy('idle')
        setProblem(t('feedDialog.testFailed', { message: errorMessage(e) }))
      },
    )
  }

  const suggested = suggestPreset(form.url)
  const gotify = form.preset === 'gotify'
  const secretLabel = form.authKind === 'bearer' ? (gotify ? t('feedDialog.gotifyToken') : t('feedDialog.token')) : t('feedDialog.password')
  // The example feed is no server's: say what it is where the preset would be suggested.
  const presetHint = isExampleUrl(form.url) ? 'feedDialog.exampleHint' : presetHints[form.preset]
  const secretStored = form.hasStoredSecret && feed !== null && feed.auth.kind === form.authKind

  return (
    <Dialog
      title={isNew ? t('feedDialog.addTitle') : t('feedDialog.editTitle', { name: feed.name })}
      onClose={onClose}
      name="feed"
      wide
      footer={
        <>
          <button type="button" onClick={runTest} disabled={busy !== 'idle'}>
            {busy === 'testing' ? t('feedDialog.testing') : t('feedDialog.test')}
          </button>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="feed-form" className="primary" disabled={busy !== 'idle'}>
            {isNew ? t('feedDialog.add') : t('common.save')}
          </button>
        </>
      }
    >
      <form
        ref={formRef}
        id="feed-form"
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          save()
        }}
      >
        <fieldset>
          <legend className="sr-only">{t('feedDialog.connection')}</legend>
          <Field label={t('feedDialog.url')} hint={t('feedDialog.urlHint')} problem={problemAt('url')}>
            <input
              type="url"
              data-autofocus
              required
              spellCheck={false}
              placeholder={urlPlaceholders[form.preset]}
              value={form.url}
              {...mark('url')}
              onChange={(event) => {
                const url = event.target.value
                setForm((current) => withUrl(current, url))
                // The old answer was about another address.
                setTest(null)
                setFieldProblem(null)
              }}
            />
          </Field>
          <Field label={t('feedDialog.name')}>
            <input
              type="text"
              placeholder={suggestName(form.url) || t('feedDialog.namePlaceholder')}
              value={form.name}
              onChange={(event) => set({ name: event.target.value })}
            />
          </Field>
          <Field
            label={t('feedDialog.preset')}
            hint={
              presetHint !== undefined ? t(presetHint) : form.presetTouched ? undefined : t('feedDialog.presetSuggested', { preset: t(`preset.${suggested}`) })
            }
          >
            <select value={form.preset} onChange={(event) => setForm((current) => withPreset(current, event.target.value as FeedForm['preset'], true))}>
              <option value="generic">{t('preset.generic')}</option>
              <option value="ntfy">{t('preset.ntfy')}</option>
              <option value="mercure">{t('preset.mercure')}</option>
              <option value="socketio">{t('preset.socketio')}</option>
              <option value="gotify">{t('preset.gotify')}</option>
            </select>
          </Field>
        </fieldset>

        <Section title={t('feedDialog.auth')} initiallyOpen={form.authKind !== 'none'} force={inSection('username')}>
          <Field label={t('feedDialog.authKind')}>
            <select value={form.authKind} onChange={(event) => set({ authKind: event.target.value as FeedForm['authKind'] })}>
              <option value="none">{t('feedDialog.authNone')}</option>
              <option value="bearer">{t('feedDialog.authBearer')}</option>
              <option value="basic">{t('feedDialog.authBasic')}</option>
            </select>
          </Field>
          {form.authKind === 'basic' && (
            <Field label={t('feedDialog.username')} problem={problemAt('username')}>
              <input type="text" autoComplete="off" value={form.username} {...mark('username')} onChange={(event) => set({ username: event.target.value })} />
            </Field>
          )}
          {form.authKind !== 'none' && (
            <Field label={secretLabel} hint={secretStored ? t('feedDialog.secretStored') : gotify && form.authKind === 'bearer' ? t('feedDialog.gotifyTokenHint') : t('feedDialog.secretHint')}>
              <input
                type="password"
                autoComplete="new-password"
                placeholder={secretStored ? t('feedDialog.stored') : ''}
                value={form.secret}
                onChange={(event) => set({ secret: event.target.value })}
              />
            </Field>
          )}
        </Section>

        <Section title={t('feedDialog.headers')} initiallyOpen={form.headers.length > 0} force={inSection('header')}>
          {form.headers.map((row, index) => (
            <div className="header-row" key={index}>
              <input
                type="text"
                spellCheck={false}
                aria-label={t('feedDialog.headerName')}
                placeholder={t('feedDialog.headerName')}
                value={row.key}
                {...mark(`header:${index}`)}
                onChange={(event) => set({ headers: form.headers.map((r, i) => (i === index ? { ...r, key: event.target.value } : r)) })}
              />
              <input
                type="text"
                spellCheck={false}
                aria-label={t('feedDialog.headerValue')}
                placeholder={t('feedDialog.headerValue')}
                value={row.value}
                onChange={(event) => set({ headers: form.headers.map((r, i) => (i === index ? { ...r, value: event.target.value } : r)) })}
              />
              <button
                type="button"
                className="icon"
                aria-label={t('feedDialog.removeHeader')}
                title={t('feedDialog.removeHeader')}
                onClick={() => set({ headers: form.headers.filter((_, i) => i !== index) })}
              >
                <X size={14} aria-hidden="true" />
              </button>
              {fieldProblem?.field === `header:${index}` && (
                <span className="field-error header-error" role="alert" id={problemId(`header:${index}`)}>
                  {t(problemKeys[fieldProblem.problem])}
                </span>
              )}
            </div>
          ))}
          <button type="button" className="link" onClick={() => set({ headers: [...form.headers, { key: '', value: '' }] })}>
            {t('feedDialog.addHeader')}
          </button>
        </Section>

        <Section title={t('feedDialog.events')} initiallyOpen={form.eventTypes.trim() !== ''}>
          <Field label={t('feedDialog.eventTypes')} hint={t('feedDialog.eventTypesHint')}>
            <input type="text" spellCheck={false} value={form.eventTypes} onChange={(event) => set({ eventTypes: event.target.value })} />
          </Field>
        </Section>

        <Section title={t('feedDialog.notifications')} initiallyOpen={false}>
          <Check label={t('feedDialog.notify')} checked={form.alerts.enabled} onChange={(enabled) => setAlerts({ enabled })} />
          <Field label={t('feedDialog.titleTemplate')} hint={`${t('feedDialog.templateHint')} {{data}} {{type}} {{id}} {{feed}} {{field.path}}`}>
            <input type="text" spellCheck={false} value={form.alerts.titleTemplate} onChange={(event) => setAlerts({ titleTemplate: event.target.value })} />
          </Field>
          <Field label={t('feedDialog.bodyTemplate')}>
            <input type="text" spellCheck={false} value={form.alerts.bodyTemplate} onChange={(event) => setAlerts({ bodyTemplate: event.target.value })} />
          </Field>
          <Field label={t('feedDialog.minPriority')}>
            <select
              value={form.alerts.minPriority}
              onChange={(event) => setAlerts({ minPriority: Number(event.target.value) as Priority })}
            >
              {([1, 2, 3, 4, 5] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`priority.p${p}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('feedDialog.include')} hint={t('feedDialog.keywordsHint')}>
            <input type="text" value={form.includeKeywords} onChange={(event) => set({ includeKeywords: event.target.value })} />
          </Field>
          <Field label={t('feedDialog.exclude')}>
            <input type="text" value={form.excludeKeywords} onChange={(event) => set({ excludeKeywords: event.target.value })} />
          </Field>
          <Check label={t('feedDialog.sound')} checked={form.alerts.sound} onChange={(sound) => setAlerts({ sound })} />
          <Check label={t('feedDialog.openLinks')} checked={form.alerts.openLinks} onChange={(openLinks) => setForm((current) => ({ ...current, openLinksTouched: true, alerts: { ...current.alerts, openLinks } }))} />
        </Section>

        <Section title={t('feedDialog.storage')} initiallyOpen={false} force={inSection('maxEvents', 'maxAgeDays')}>
          <div className="field-pair">
            <Field label={t('feedDialog.maxEvents')} problem={problemAt('maxEvents')}>
              <input
                type="text"
                inputMode="numeric"
                placeholder={isNew ? t('feedDialog.default') : t('feedDialog.unlimited')}
                value={form.maxEvents}
                {...mark('maxEvents')}
                onChange={(event) => set({ maxEvents: event.target.value })}
              />
            </Field>
            <Field label={t('feedDialog.maxAgeDays')} problem={problemAt('maxAgeDays')}>
              <input
                type="text"
                inputMode="numeric"
                placeholder={isNew ? t('feedDialog.default') : t('feedDialog.unlimited')}
                value={form.maxAgeDays}
                {...mark('maxAgeDays')}
                onChange={(event) => set({ maxAgeDays: event.target.value })}
              />
            </Field>
          </div>
        </Section>
        <Section
          title={t('feedDialog.connectionAdvanced')}
          initiallyOpen={form.caCertificate !== '' || form.stallTimeoutSec !== '' || form.serverPause}
          force={inSection('caCertificate', 'stallTimeoutSec', 'maxEventBytes')}
        >
          <Field label={t('feedDialog.ca')} hint={t('feedDialog.caHint')} problem={problemAt('caCertificate')}>
            <textarea
              rows={4}
              spellCheck={false}
              placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
              value={form.caCertificate}
              data-field="ca"
              {...mark('caCertificate')}
              onChange={(event) => set({ caCertificate: event.target.value })}
            />
          </Field>
          <div className="io-row">
            <label className="file">
              <span className="button">{t('feedDialog.caFile')}</span>
              <input
                type="file"
                accept=".pem,.crt,.cer,application/x-pem-file,application/x-x509-ca-cert,text/plain"
                data-import="ca"
                onChange={(event) => {
                  const file = event.target.files?.[0]
                  event.target.value = ''
                  if (file === undefined) return
                  file.text().then(
                    (text) => set({ caCertificate: text.trim() }),
                    (e: unknown) => setProblem(t('problems.readFile', { message: errorMessage(e) })),
                  )
                }}
              />
            </label>
            {form.caCertificate !== '' && (
              <button type="button" className="link" onClick={() => set({ caCertificate: '' })}>
                {t('feedDialog.caClear')}
              </button>
            )}
          </div>
          <Check label={t('feedDialog.serverPause')} checked={form.serverPause} onChange={(serverPause) => set({ serverPause })} />
          <p className="hint">{t('feedDialog.serverPauseHint')}</p>
          <div className="field-pair">
            <Field label={t('feedDialog.stallTimeout')} hint={t('feedDialog.stallHint')} problem={problemAt('stallTimeoutSec')}>
              <input
                type="text"
                inputMode="numeric"
                placeholder={t('feedDialog.adaptive')}
                value={form.stallTimeoutSec}
                {...mark('stallTimeoutSec')}
                onChange={(event) => set({ stallTimeoutSec: event.target.value })}
              />
            </Field>
            <Field label={t('feedDialog.maxEventBytes')} problem={problemAt('maxEventBytes')}>
              <input
                type="text"
                inputMode="numeric"
                placeholder={t('feedDialog.default')}
                value={form.maxEventBytes}
                {...mark('maxEventBytes')}
                onChange={(event) => set({ maxEventBytes: event.target.value })}
              />
            </Field>
          </div>
        </Section>
        {problem !== null && (
          <p ref={problemRef} className="notice error" role="alert">
            {problem}
          </p>
        )}
        {test !== null && <TestResult result={test.result} example={test.example} />}
      </form>
    </Dialog>
  )
}
