import { clockStartingAt } from '../../src/shared/bench-clock'

/**
 * The calendar of a test whose outcome depends on the date (a protocol number's year, "today's"
 * rows): Thursday 11 June 2026, 10:00 local time — mid-week, mid-morning, mid-year, far from any
 * day, week or year boundary — whatever the machine's clock says.
 */
export const TEST_START = new Date(2026, 5, 11, 10, 0)

/**
 * Runs from TEST_START at the real pace; one per test file, shared by every host and server the
 * file starts, so they agree on the time (signed sync requests, which came first).
 */
export const testClock = clockStartingAt(TEST_START)

/** `26` for 2026: the year as protocol and work-order numbers write it. */
export const yearDigits = (at: Date) => String(at.getFullYear() % 100).padStart(2, '0')
