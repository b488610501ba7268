/**
 * Runs `work` once the next frame has been painted. What the clerk waits for (the protocol
 * number after Enter) paints first; the follow-up requests and renders it sets off (today's
 * list, the numbers left, telling main the form closed) come a frame later instead of pushing
 * that frame back.
 */
export function afterPaint(work: () => void): void {
  requestAnimationFrame(() => setTimeout(work, 0))
}
