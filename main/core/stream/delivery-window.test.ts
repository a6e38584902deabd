import { expect, it } from 'vitest'
import { createDeliveryWindow } from './delivery-window.ts'

function deferred() {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

it('lets reads run ahead of storage by at most `max` batches, and settles in order', async () => {
  const window = createDeliveryWindow(2)
  const log: string[] = []
  const a = deferred()
  const b = deferred()
  window.track(a.promise, () => log.push('a stored'), () => log.push('a refused'))
  expect(window.roomToRead()).toBeNull()
  window.track(b.promise, () => log.push('b stored'), () => log.push('b refused'))
  const room = window.roomToRead()
  expect(room).not.toBeNull()
  let roomy = false
  void room!.then(() => (roomy = true))
  const settled = new Promise<void>((resolve) => window.afterSettled(() => {
    log.push('settled')
    resolve()
  }))
  a.resolve()
  await a.promise
  await Promise.resolve()
  expect(roomy).toBe(true)
  b.reject(new Error('disk full'))
  await settled
  expect(log).toEqual(['a stored', 'b refused', 'settled'])
  expect(window.inFlight()).toBe(0)
})

it('runs afterSettled at once when nothing is in flight, and frees a waiting reader on release', async () => {
  const window = createDeliveryWindow(1)
  let ran = false
  window.afterSettled(() => (ran = true))
  expect(ran).toBe(true)
  window.track(new Promise<void>(() => {}), () => {}, () => {})
  const room = window.roomToRead()!
  window.releaseReader()
  await expect(room).resolves.toBeUndefined()
})
