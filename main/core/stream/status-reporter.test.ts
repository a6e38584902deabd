import { expect, it } from 'vitest'
import { testStatus } from '../../test-support/fixtures.ts'
import { waitFor } from '../../test-support/wait.ts'
import type { FeedStatus } from '../types.ts'
import { createStatusReporter } from './status-reporter.ts'

const initial = () => testStatus({ feedId: 'f', state: 'connecting', stallLimitMs: 1 })

it('reports state changes at once and coalesces counter updates', async () => {
  const seen: FeedStatus[] = []
  const reporter = createStatusReporter(initial(), (s) => seen.push(s), 20)
  reporter.setState('open', 5)
  expect(seen.map((s) => s.state)).toEqual(['open'])
  for (let i = 0; i < 10; i++) {
    reporter.status.counters.bytes += 100
    reporter.soon()
  }
  expect(seen).toHaveLength(1)
  await waitFor(() => seen.length === 2, 'the throttled update')
  expect(seen[1]!.counters.bytes).toBe(1_000)
  // Listeners get copies.
  seen[1]!.counters.bytes = 0
  expect(reporter.snapshot().counters.bytes).toBe(1_000)
})

it('survives a throwing listener and reports nothing after close', () => {
  let calls = 0
  const reporter = createStatusReporter(initial(), () => {
    calls++
    throw new Error('listener bug')
  }, 20)
  expect(() => reporter.setState('backoff', 1, { nextRetryAt: 9 })).not.toThrow()
  expect(reporter.snapshot()).toMatchObject({ state: 'backoff', nextRetryAt: 9, stopReason: null })
  reporter.close()
  reporter.now()
  reporter.soon()
  expect(calls).toBe(1)
})
