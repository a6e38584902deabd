/**
 * Runs one feed's lifecycle steps (pause, resume, edit, remove) one after another: closing a
 * connection waits for its events to be stored, and a step that overlapped it would resume from a
 * stale point or revive a removed feed. A failed step does not stop the ones queued after it.
 */
export type Serial = <T>(feedId: string, step: () => Promise<T>) => Promise<T>

export function createSerial(): Serial & { pending(): number } {
  const lifecycle = new Map<string, Promise<unknown>>()
  const serial = <T>(feedId: string, step: () => Promise<T>): Promise<T> => {
    const next = (lifecycle.get(feedId) ?? Promise.resolve()).then(step, step)
    const tail = next.catch(() => undefined)
    lifecycle.set(feedId, tail)
    void tail.then(() => {
      if (lifecycle.get(feedId) === tail) lifecycle.delete(feedId)
    })
    return next
  }
  return Object.assign(serial, { pending: () => lifecycle.size })
}
