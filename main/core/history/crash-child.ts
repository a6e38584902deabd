/**
 * Child process for crash.test.ts: appends events to the history at argv[2] as fast as it can,
 * resuming after the stored cursor like the real stream does, until it is killed. Every few
 * batches it replays the previous batch, as a server does after a reconnect. Run with Node 24
 * type stripping: `node crash-child.ts <file>`.
 */
import { openHistory } from './history.ts'
import type { FeedEvent } from '../types.ts'

const file = process.argv[2]
if (file === undefined) throw new Error('usage: node crash-child.ts <history.db>')

const FEED = 'crash'
const history = openHistory({ path: file })
let next = Number(history.cursor(FEED).lastEventId || '0') + 1
let previous: FeedEvent[] = []

// Bounded so a child that is never killed still ends (the test kills it long before).
for (let round = 0; round < 2_000_000; round++) {
  if (round % 7 === 6 && previous.length > 0) {
    const last = previous[previous.length - 1]!.id
    history.append(FEED, previous, { lastEventId: last, since: `since-${last}` })
    continue
  }
  const batch: FeedEvent[] = []
  for (let i = 0, n = 1 + (round % 5); i < n; i++, next++) {
    batch.push({
      feedId: FEED,
      id: String(next),
      newId: true,
      type: 'tick',
      data: `tick ${next} ${'x'.repeat(next % 300)}`,
      receivedAt: Date.now(),
    })
  }
  history.append(FEED, batch, { lastEventId: String(next - 1), since: `since-${next - 1}` })
  previous = batch
}
history.close()
