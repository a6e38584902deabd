/** Test helpers: wait for a condition with a deadline (never a bare sleep as synchronisation). */

/**
 * Polls `check` every 10 ms until it returns something truthy, and returns that. After `timeoutMs`
 * it throws naming `what`; pass a function to describe the state at the moment of failure.
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
