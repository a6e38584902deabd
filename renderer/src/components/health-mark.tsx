/**
 * A feed's health at a glance: a coloured dot (never the only signal: it carries a label, or the
 * words sit next to it) shaped differently for each state, so colour-blind users tell them apart.
 */
import type { FeedStatusDto } from '../../../preload/contract.ts'
import { describeState } from '../format/describe.ts'
import { useT } from '../i18n/translate.ts'

/** The dot; `decorative` when the same words are said next to it (the sidebar row). */
export function HealthDot({ status, decorative = false }: { status: FeedStatusDto; decorative?: boolean }) {
  const { t } = useT()
  return decorative ? (
    <span className={`dot dot-${status.state}`} aria-hidden="true" />
  ) : (
    <span className={`dot dot-${status.state}`} role="img" aria-label={describeState(status, t)} title={describeState(status, t)} />
  )
}
