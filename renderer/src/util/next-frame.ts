/**
 * Runs `fn` before the next paint, or soon when the window is hidden (a hidden window gets no
 * animation frames, and live updates must not pile up until it is shown again).
 * Returns a function that cancels the call.
 */
export function nextFrame(fn: () => void): () => void {
  if (document.hidden) {
    const timer = setTimeout(fn, 250)
    return () => clearTimeout(timer)
  }
  const frame = requestAnimationFrame(fn)
  return () => cancelAnimationFrame(frame)
}
