/**
 * What a feed's history holds: how many events are stored and when the newest arrived. Read from
 * the history (so it survives restarts, unlike the status's session counters), re-read when the
 * feed receives events — at most once a second, however fast they come — or when the history was
 * cleared. A failure is reported, never shown as "0".
 */
import { useEffect, useRef, useState } from 'react'
import type { FeedDto, TidingsApi } from '../../../preload/contract.ts'
import { useT } from '../i18n/translate.ts'
import { errorMessage } from '../util/error-message.ts'
import { useReport } from './problems.tsx'

export interface StoredTotals {
  /** null until known. */
  total: number | null
  newestAt: number | null
}

const MIN_INTERVAL_MS = 1000

/** The stored totals of `feed`, kept current. */
export function useStoredTotals(api: TidingsApi, feed: FeedDto, reloadKey: number): StoredTotals {
  const { t } = useT()
  const report = useReport()
  const [totals, setTotals] = useState<StoredTotals>({ total: null, newestAt: null })
  const lastRead = useRef({ feedId: '', at: 0 })
  const feedId = feed.id
  const name = feed.name
  const received = feed.status.counters.events

  useEffect(() => {
    let live = true
    const read = (): void => {
      lastRead.current = { feedId, at: Date.now() }
      api.queryHistory({ feedId, limit: 1, order: 'newest' }).then(
        (page) => {
          if (live) setTotals({ total: page.total, newestAt: page.events[0]?.receivedAt ?? null })
        },
        (e: unknown) => {
          if (live) report(t('problems.stored', { name, message: errorMessage(e) }))
        },
      )
    }
    // Another feed (or the first read) is read as soon as the window is idle — after the history's
    // first page was asked for, so the rows are not kept waiting; the same feed at most once a second.
    const sameFeed = lastRead.current.feedId === feedId
    if (!sameFeed) {
      setTotals({ total: null, newestAt: null })
      const idle = requestIdleCallback(read, { timeout: 500 })
      return () => {
        live = false
        cancelIdleCallback(idle)
      }
    }
    const wait = Math.max(0, lastRead.current.at + MIN_INTERVAL_MS - Date.now())
    const timer = setTimeout(read, wait)
    return () => {
      live = false
      clearTimeout(timer)
    }
    // `name` and `t` only word a failure.
  }, [api, feedId, received, reloadKey])

  return totals
}
