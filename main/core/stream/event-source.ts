/**
 * eventsource's `EventSource`, with every event it dispatches routed to one sink. EventSource only
 * dispatches by type (`message`, `add`, …), and a feed must keep every type, so the subclass sees
 * each event at `dispatchEvent` instead of listening for names it cannot know in advance.
 */
import { EventSource } from 'eventsource'
import type { EventSourceInit } from 'eventsource'

/** Receives what one EventSource connection reports. */
export interface EventSink {
  open(): void
  /** eventsource's ErrorEvent carries a message and, for HTTP failures, the status. */
  error(detail: { message: string | undefined; code: number | undefined }): void
  /** Any MessageEvent: `type` is the `event:` field ('message' by default). */
  message(event: MessageEvent<string>): void
}

/**
 * One connection attempt. The sink is called synchronously from the parser, in stream order, and
 * must not throw (an exception would land in eventsource's read loop). Listeners added with
 * addEventListener are not called: everything goes to the sink.
 */
export class SinkEventSource extends EventSource {
  #sink: EventSink | null = null

  constructor(url: string, init: EventSourceInit, sink: EventSink) {
    super(url, init)
    // The fetch starts inside super(), but every dispatch happens after it has resolved, so the
    // sink is in place before the first event.
    this.#sink = sink
  }

  override dispatchEvent(event: Event): boolean {
    const sink = this.#sink
    if (sink !== null) {
      if (event.type === 'open') sink.open()
      else if (event.type === 'error') sink.error(errorDetail(event))
      else if (event instanceof MessageEvent) sink.message(event as MessageEvent<string>)
    }
    return true
  }

  /** Stops routing events (after close nothing more may reach the sink). */
  detach(): void {
    this.#sink = null
  }
}

function errorDetail(event: Event): { message: string | undefined; code: number | undefined } {
  const { message, code } = event as Event & { message?: unknown; code?: unknown }
  return {
    message: typeof message === 'string' && message !== '' ? message : undefined,
    code: typeof code === 'number' ? code : undefined,
  }
}
