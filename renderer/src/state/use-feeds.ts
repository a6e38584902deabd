/**
 * The feeds as the sidebar and the health panel see them: definitions, live status and unread
 * counts, kept current from the bridge's pushes. Status pushes (one per event at high rates) are
 * gathered and applied once per frame.
 */
import { useCallback, useEffect, useState } from 'react'
import type { FeedDto, FeedStatusDto, TidingsApi, UnreadDto } from '../../../preload/contract.ts'
import { nextFrame } from '../util/next-frame.ts'
import { errorMessage } from '../util/error-message.ts'

export interface FeedsState {
  feeds: FeedDto[]
  unread: UnreadDto
  loaded: boolean
  error: string | null
  /** Re-reads the list (after an import, say). */
  reload: () => void
}

const byOrder = (a: FeedDto, b: FeedDto): number => a.order - b.order

/** Subscribes to feeds, statuses and unread counts for the window's lifetime. */
export function useFeeds(api: TidingsApi): FeedsState {
  const [feeds, setFeeds] = useState<FeedDto[]>([])
  const [unread, setUnread] = useState<UnreadDto>({ total: 0, byFeed: {} })
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [reloadKey, setReloadKey] = useState(0)

  useEffect(() => {
    let live = true
    const fail = (e: unknown): void => {
      if (live) setError(errorMessage(e))
    }
    Promise.all([api.listFeeds(), api.unread()]).then(([list, counts]) => {
      if (!live) return
      setFeeds([...list].sort(byOrder))
      setUnread(counts)
      setLoaded(true)
      setError(null)
    }, fail)

    const statuses = new Map<string, FeedStatusDto>()
    let cancel: (() => void) | null = null
    const flush = (): void => {
      cancel = null
      const batch = new Map(statuses)
      statuses.clear()
      setFeeds((list) => list.map((feed) => {
        const status = batch.get(feed.id)
        return status === undefined ? feed : { ...feed, status }
      }))
    }
    const offs = [
      api.onFeedsChanged((list) => setFeeds([...list].sort(byOrder))),
      api.onUnreadChanged((counts) => setUnread(counts)),
      api.onFeedStatus((status) => {
        statuses.set(status.feedId, status)
        cancel ??= nextFrame(flush)
      }),
    ]
    return () => {
      live = false
      cancel?.()
      for (const off of offs) off()
    }
  }, [api, reloadKey])

  const reload = useCallback(() => setReloadKey((k) => k + 1), [])
  return { feeds, unread, loaded, error, reload }
}
