/**
 * The current time, ticking every second while `active` (a countdown is on screen) and frozen
 * otherwise, so an idle window does no work.
 */
import { useEffect, useState } from 'react'

/** Date.now(), refreshed each `intervalMs` while active. */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [active, intervalMs])
  return now
}
