/**
 * Binds a history pager to the bridge: a new pager whenever the filter changes, live events from
 * `onNewEvents` gathered and applied once per animation frame (1,000 events/s become ~60 small
 * updates), and a version number that changes whenever rows did.
 */
import { useEffect, useState } from 'react'
import type { StoredEventDto, TidingsApi } from '../../../preload/contract.ts'
import { nextFrame } from '../util/next-frame.ts'
import { createHistoryPager, type HistoryPager } from './history-pager.ts'
import type { HistoryFilter } from './filter.ts'
import { errorMessage } from '../util/error-message.ts'

export interface HistoryRows {
  pager: HistoryPager | null
  /** Changes whenever rows changed; use it as a render dependency. */
  version: number
  error: string | null
}

/** The pager for `filter`, live. `reloadKey` forces a fresh pager (after clear or import). */
export function useHistoryRows(api: TidingsApi, filter: HistoryFilter, reloadKey: number): HistoryRows {
  const [pager, setPager] = useState<HistoryPager | null>(null)
  const [version, setVersion] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const { feedId, search, type, unreadOnly } = filter

  useEffect(() => {
    const bump = (): void => setVersion((v) => v + 1)
    const created = createHistoryPager({
      query: (q) => api.queryHistory(q),
      filter: { feedId, search, type, unreadOnly },
      onChange: bump,
      onError: (e) => setError(errorMessage(e)),
    })
    setError(null)
    setPager(created)
    let pending: StoredEventDto[] = []
    let cancel: (() => void) | null = null
    const flush = (): void => {
      cancel = null
      const batch = pending
      pending = []
      if (created.prepend(batch) > 0) bump()
    }
    const unsubscribe = api.onNewEvents((batch) => {
      for (const event of batch) pending.push(event)
      cancel ??= nextFrame(flush)
    })
    return () => {
      unsubscribe()
      cancel?.()
      created.dispose()
    }
  }, [api, feedId, search, type, unreadOnly, reloadKey])

  return { pager, version, error }
}
