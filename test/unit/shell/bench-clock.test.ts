import { describe, expect, it } from 'vitest'
import { clockStartingAt, parseClockStart } from '../../../src/shared/bench-clock'

describe('a bench clock started on a chosen date', () => {
  it('reads the start at once and then runs at the pace of the real clock it is given', () => {
    let real = Date.parse('2031-02-03T04:05:06Z')
    const clock = clockStartingAt(new Date('2026-06-11T10:00:00Z'), () => real)
    expect(clock().toISOString()).toBe('2026-06-11T10:00:00.000Z')
    real += 90_000
    expect(clock().toISOString()).toBe('2026-06-11T10:01:30.000Z')
  })

  it('reads ISO 8601 with or without an offset and refuses anything else with an example', () => {
    expect(parseClockStart('2026-06-11T10:00:00Z').toISOString()).toBe('2026-06-11T10:00:00.000Z')
    expect(parseClockStart('2026-06-11T10:00:00-03:00').toISOString()).toBe('2026-06-11T13:00:00.000Z')
    // Without an offset it is the local wall-clock time, whatever zone the process runs in.
    expect(parseClockStart('2026-06-11T10:00').getHours()).toBe(10)
    for (const bad of ['tomorrow', '2026-06-11', '2026-13-11T10:00:00', '1718100000000']) {
      expect(() => parseClockStart(bad)).toThrow(/for example 2026-06-11T10:00:00/)
    }
  })
})
