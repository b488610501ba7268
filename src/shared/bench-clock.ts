/**
 * A bench clock that reads `start` at once and then runs on at the real clock's pace. The browser
 * harness and a development Electron build take one (`--clock-start`, `BENCH_CLOCK_START`) so a
 * demo or an end-to-end test sees the same calendar whatever day the machine thinks it is.
 */
export function clockStartingAt(start: Date, realNow: () => number = Date.now): () => Date {
  const offsetMs = start.getTime() - realNow()
  return () => new Date(realNow() + offsetMs)
}

/**
 * Reads an instant written as ISO 8601. Without an offset (`2026-06-11T10:00:00`) it is local
 * time, as JavaScript reads it, so "10:00 on a Thursday" means that on the bench's own calendar.
 */
export function parseClockStart(text: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(text) ? new Date(text) : new Date(Number.NaN)
  if (Number.isNaN(at.getTime())) throw new Error(`not an ISO 8601 date and time: "${text}" (for example 2026-06-11T10:00:00)`)
  return at
}
