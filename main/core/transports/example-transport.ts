/**
 * The built-in example feed (`tidings-example:clock`): events made inside Tidings, one per slot of
 * its clock (example-clock.ts), so a new user with no server — offline, behind a firewall — sees
 * what Tidings promises: live events, toasts, and resume. Like an SSE server honouring
 * `Last-Event-ID`, a connection first replays the slots after the stored id (at most
 * `maxReplay`, the newest; when older ones are skipped, `open` names where the replay really starts
 * and the supervisor records the gap), then hands each new slot over as it begins.
 *
 * One timer per connection, armed for the next slot boundary, unref'd (it never keeps a process
 * alive) and cleared on close. A connection that falls more than `maxReplay` slots behind (the
 * computer slept) ends and is reconnected at once, so the catch-up — and its gap — is said the same
 * way as after a restart.
 */
import type { Locale } from '../locale.ts'
import type { ConnectRequest, Transport, TransportConnection, TransportSink, WireEvent } from '../stream/transport.ts'
import { EXAMPLE_CLOCK, EXAMPLE_MAX_REPLAY, planCatchUp, slotAt, slotStart, type ExampleClock } from './example-clock.ts'
import { exampleEvent } from './example-event.ts'

export interface ExampleTransportOptions {
  /** Wall-clock time (the core's Clock port): which slot it is. */
  now: () => number
  /** The language of the events' text (English when absent). */
  locale?: () => Locale
  /** The slots (tests use a short interval); EXAMPLE_CLOCK when absent. */
  clock?: ExampleClock
  /** The most missed events replayed on connect (EXAMPLE_MAX_REPLAY when absent). */
  maxReplay?: number
}

/** Creates the example feed's transport. */
export function createExampleTransport(options: ExampleTransportOptions): Transport {
  const clock = options.clock ?? EXAMPLE_CLOCK
  const maxReplay = Math.max(1, options.maxReplay ?? EXAMPLE_MAX_REPLAY)
  const locale = options.locale ?? (() => 'en' as const)

  function connect(request: ConnectRequest, sink: TransportSink): TransportConnection {
    let closed = false
    let timer: ReturnType<typeof setTimeout> | null = null
    /** The last slot handed over (or the one the stored cursor stands at). */
    let last = 0

    const arm = (run: () => void, ms: number) => {
      timer = setTimeout(run, ms)
      timer.unref?.()
    }

    /** Slots from..to as one batch, the cursor at `to`. */
    function hand(from: number, to: number): void {
      const events: WireEvent[] = []
      const language = locale()
      for (let slot = from; slot <= to; slot++) events.push(exampleEvent(slot, clock, language))
      sink.activity(events.reduce((bytes, e) => bytes + Buffer.byteLength(e.data), 0))
      sink.batch(events, { lastEventId: String(to), since: '' })
      last = to
    }

    /** Waits for the next slot's start (at least 1 ms: a timer never spins). */
    function waitForNextSlot(): void {
      const now = options.now()
      arm(tick, Math.max(1, slotStart(slotAt(now, clock) + 1, clock) - now))
    }

    function start(): void {
      timer = null
      if (closed) return
      const plan = planCatchUp(request.cursor.lastEventId, slotAt(options.now(), clock), maxReplay)
      sink.open(plan.skipped ? { replayedFrom: String(plan.from) } : {})
      last = plan.from - 1
      if (plan.from <= plan.to) hand(plan.from, plan.to)
      waitForNextSlot()
    }

    function tick(): void {
      timer = null
      if (closed) return
      // Storage is behind: make nothing until there is room (the slots wait in the clock).
      const room = sink.roomToRead()
      if (room !== null) {
        void room.then(tick)
        return
      }
      const current = slotAt(options.now(), clock)
      if (current - last > maxReplay) {
        closed = true
        const failure = { kind: 'ended' as const, message: `The example feed fell ${current - last} events behind (the computer slept?); reconnecting to replay the newest ${maxReplay}.` }
        sink.end({ kind: 'retry', failure, retryAfterMs: 0 })
        return
      }
      // A timer that fired early, or a clock set back: nothing new yet.
      if (current > last) hand(last + 1, current)
      waitForNextSlot()
    }

    // Never call the sink synchronously from connect().
    arm(start, 0)
    return {
      close() {
        closed = true
        if (timer !== null) clearTimeout(timer)
        timer = null
      },
    }
  }
  return { connect }
}
