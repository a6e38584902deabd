/**
 * First run: what Tidings is for, and ready-made starts that fill in the add-feed form — first the
 * built-in example feed, which works with no server and no network (events made by Tidings itself,
 * replayed after a restart), then an ntfy topic that works at once (a fresh topic on the public
 * ntfy.sh server; publish with curl and the event arrives), a gotify server (asks for its client
 * token), a Mercure hub, any SSE endpoint — plus importing feeds from a file.
 */
import { Bell, Radio, Rss, Sparkles, Upload, Zap } from 'lucide-react'
import { EXAMPLE_FEED_URL } from '../feeds/example-feed.ts'
import type { FeedForm } from '../feeds/feed-form.ts'
import { withPreset, withUrl, formFromFeed } from '../feeds/feed-form.ts'
import { useT } from '../i18n/translate.ts'

export interface WelcomeProps {
  onStart: (initial: Partial<FeedForm>) => void
  onImport: () => void
}

/** A topic name nobody else is likely to use (ntfy topics are public by name). */
function freshTopic(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6))
  return `tidings-${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 10)}`
}

/** The ntfy quick start: a new topic on ntfy.sh, named for the sidebar. */
export function ntfyStart(): Partial<FeedForm> {
  const topic = freshTopic()
  return { ...withUrl(formFromFeed(null), `https://ntfy.sh/${topic}/sse`), name: `ntfy · ${topic}` }
}

/** The example quick start: the built-in example feed, named in the window's language. */
export function exampleStart(name: string): Partial<FeedForm> {
  return { ...withUrl(formFromFeed(null), EXAMPLE_FEED_URL), name }
}

/** The gotify quick start: the gotify preset, a client token asked for (the user's server address goes in the URL). */
export function gotifyStart(): Partial<FeedForm> {
  return withPreset(formFromFeed(null), 'gotify', true)
}

/** The welcome card in place of an empty history. */
export function Welcome({ onStart, onImport }: WelcomeProps) {
  const { t } = useT()
  const starts = [
    { key: 'example', icon: Sparkles, title: t('welcome.example'), hint: t('welcome.exampleHint'), initial: () => exampleStart(t('welcome.exampleName')) },
    { key: 'ntfy', icon: Zap, title: t('welcome.ntfy'), hint: t('welcome.ntfyHint'), initial: ntfyStart },
    { key: 'gotify', icon: Bell, title: t('welcome.gotify'), hint: t('welcome.gotifyHint'), initial: gotifyStart },
    { key: 'mercure', icon: Radio, title: t('welcome.mercure'), hint: t('welcome.mercureHint'), initial: () => withPreset(formFromFeed(null), 'mercure', true) },
    { key: 'generic', icon: Rss, title: t('welcome.generic'), hint: t('welcome.genericHint'), initial: () => ({}) },
  ]
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">{t('welcome.title')}</h2>
      <p className="muted">{t('welcome.body')}</p>
      <ul className="starts">
        {starts.map(({ key, icon: Icon, title, hint, initial }) => (
          <li key={key}>
            <button type="button" className="start" data-start={key} onClick={() => onStart(initial())}>
              <Icon size={20} aria-hidden="true" />
              <span className="start-text">
                <span className="start-title">{title}</span>
                <span className="start-hint">{hint}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link" onClick={onImport}>
        <Upload size={14} aria-hidden="true" />
        {t('welcome.importFeeds')}
      </button>
    </section>
  )
}

/** "curl -d "Hello" https://ntfy.sh/topic" for an ntfy feed's address (its /sse or /json suffix removed); null for others. */
export function ntfyPublishCommand(url: string): string | null {
  try {
    const parsed = new URL(url)
    const path = parsed.pathname.replace(/\/(sse|json|raw|ws)$/, '')
    if (path === parsed.pathname || path === '' || path === '/') return null
    return `curl -d "Hello from Tidings" ${parsed.origin}${path}`
  } catch {
    return null
  }
}
