/** Age retention also reaches quiet feeds: a bounded prune step every minute while the service runs. */
import type { History } from '../history/index.ts'

export function startPruneTimer(history: Pick<History, 'prune'>, onPruned: () => void, everyMs = 60_000): () => void {
  const timer = setInterval(() => {
    try {
      if (history.prune() > 0) onPruned()
    } catch {
      // A busy or failing disk is retried next minute; appends report their own errors.
    }
  }, everyMs)
  timer.unref?.()
  return () => clearInterval(timer)
}
