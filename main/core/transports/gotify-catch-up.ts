/**
 * gotify can resume where a plain WebSocket cannot: messages sent while Tidings was away are in
 * `GET /message`. Its paging runs backwards — newest first; `since=N` means "ids *less than* N"
 * (gotify/server api/message.go: "return all messages with an ID less than this value"), and each
 * page's `paging.since` is the smallest id it returned (0 = no further page). So the catch-up
 * walks pages from the newest until it reaches the stored resume id, then hands the missed
 * messages over oldest first, before any live message.
 *
 * The live stream is opened *before* the first page is fetched, so a message sent in between is
 * in the page, on the stream, or both — never neither. `mergeCatchUp` and `createLiveGate` make
 * that exactly once: ids only grow, so the resume point is the largest id handed over.
 */
import type { GotifyMessage } from './gotify-message.ts'

/** One `/message` page as gotify answers it (`model.PagedMessages`). */
export interface GotifyPage {
  messages: GotifyMessage[]
  /** `paging.since`: the smallest id in this page when there is a next page, else 0. */
  nextSince: number
}

/** Where the walk backwards stands after a page: fetch `since` next, or stop. */
export type PageStep = { kind: 'next'; since: number } | { kind: 'done'; reachedCursor: boolean }

/**
 * After a page: stop once it reaches ids at or below the cursor (everything older was stored
 * already) or gotify has no further page; otherwise continue below the page's smallest id.
 */
export function nextPage(page: GotifyPage, cursorId: number): PageStep {
  const reached = page.messages.some((m) => m.id <= cursorId)
  if (reached) return { kind: 'done', reachedCursor: true }
  if (page.nextSince <= 0) return { kind: 'done', reachedCursor: cursorId === 0 }
  return { kind: 'next', since: page.nextSince }
}

/**
 * The ordered, exactly-once sequence to store after a reconnect: every message newer than
 * `cursorId` from the fetched pages and the live messages that arrived meanwhile, each id once,
 * oldest first. The new cursor is the largest id (or the old one when nothing is new).
 */
export function mergeCatchUp(cursorId: number, fetched: readonly GotifyMessage[], live: readonly GotifyMessage[]): { messages: GotifyMessage[]; cursorId: number } {
  const byId = new Map<number, GotifyMessage>()
  for (const message of [...fetched, ...live]) {
    if (message.id > cursorId && !byId.has(message.id)) byId.set(message.id, message)
  }
  const messages = [...byId.values()].sort((a, b) => a.id - b.id)
  const last = messages.at(-1)
  return { messages, cursorId: last ? last.id : cursorId }
}

/**
 * After the catch-up, live messages pass only once: a message at or below the resume point is a
 * double (it came in a page, or twice on a reconnect). gotify creates ids in one database
 * sequence and notifies after the insert, so on one connection ids arrive in ascending order.
 */
export function createLiveGate(cursorId: number): { admit(message: GotifyMessage): boolean; cursorId(): number } {
  let highest = cursorId
  return {
    admit(message) {
      if (message.id <= highest) return false
      highest = message.id
      return true
    },
    cursorId: () => highest,
  }
}

/**
 * The stored resume point as gotify's id: null = none yet (a new feed starts from now); 0 = the
 * server had no message when the feed started, so everything it has now was missed.
 */
export function cursorToId(lastEventId: string): number | null {
  return /^(0|[1-9][0-9]{0,15})$/.test(lastEventId) ? Number(lastEventId) : null
}
