import { describe, expect, it } from 'vitest'
import { addDays, isoWeekLabel, isoWeekStart, localDateOf, periodInstants, periodRange, shiftDay } from '../../../src/shared/statistics'

// A zone with daylight saving time: the calendar must count days, not 24-hour steps.
process.env.TZ = 'Europe/Madrid'

describe('the statistics calendar (local days, ISO weeks from Monday)', () => {
  it('names ISO weeks by the year of their Thursday', () => {
    // 1 January 2026 is a Thursday: its week began on Monday 29 December 2025 and is 2026-W01.
    expect(isoWeekStart('2026-01-01')).toBe('2025-12-29')
    expect(isoWeekLabel('2025-12-29')).toBe('2026-W01')
    expect(isoWeekLabel('2026-01-04')).toBe('2026-W01')
    expect(isoWeekLabel('2026-01-05')).toBe('2026-W02')
    // 2026 has 53 weeks (it starts on a Thursday); 1 January 2027 (a Friday) still belongs to 2026-W53.
    expect(isoWeekLabel('2026-12-28')).toBe('2026-W53')
    expect(isoWeekLabel('2027-01-01')).toBe('2026-W53')
    expect(isoWeekLabel('2027-01-04')).toBe('2027-W01')
    // 1 January 2021 (a Friday) belongs to 2020-W53.
    expect(isoWeekLabel('2021-01-01')).toBe('2020-W53')
    // The week after the clocks go forward (Sunday 29 March 2026) is still counted right.
    expect(isoWeekLabel('2026-03-30')).toBe('2026-W14')
  })

  it('gives a week its seven local days, Monday to Sunday, whatever day names it', () => {
    const week = periodRange('week', '2026-03-29')
    expect(week).toMatchObject({ start: '2026-03-23', end: '2026-03-29', next: '2026-03-30', label: '2026-W13' })
    expect(week.days).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29'])
    expect(periodRange('day', '2026-03-29')).toMatchObject({ start: '2026-03-29', end: '2026-03-29', next: '2026-03-30', label: '2026-03-29', days: ['2026-03-29'] })
  })

  it('bounds a period by local midnights, so a DST day lasts 23 or 25 hours', () => {
    const spring = periodInstants(periodRange('day', '2026-03-29'))
    expect(spring).toEqual({ from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' })
    expect(Date.parse(spring.to) - Date.parse(spring.from)).toBe(23 * 3_600_000)
    const autumn = periodInstants(periodRange('day', '2026-10-25'))
    expect(Date.parse(autumn.to) - Date.parse(autumn.from)).toBe(25 * 3_600_000)
    // The week holding the spring change is 7 days less one hour.
    const week = periodInstants(periodRange('week', '2026-03-25'))
    expect(Date.parse(week.to) - Date.parse(week.from)).toBe(7 * 24 * 3_600_000 - 3_600_000)
  })

  it('moves by calendar days and weeks across month, year and DST changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30')
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(shiftDay('day', '2026-01-01', -1)).toBe('2025-12-31')
    // A week step keeps the weekday (Thursday stays Thursday), so Week -> Day comes back to the
    // day the clerk was on, never to the week's Monday; the week shown is the one holding it.
    expect(shiftDay('week', '2026-01-01', 1)).toBe('2026-01-08')
    expect(shiftDay('week', '2026-01-01', -1)).toBe('2025-12-25')
    expect(periodRange('week', shiftDay('week', '2026-01-01', -1)).start).toBe('2025-12-22')
    expect(shiftDay('week', '2026-03-26', 1)).toBe('2026-04-02')
    expect(periodRange('week', shiftDay('week', '2026-03-26', 1)).start).toBe('2026-03-30')
  })

  it('reads the local date of an instant, not its UTC date', () => {
    // 23:30 UTC on 13 January is 00:30 on the 14th in Madrid.
    expect(localDateOf(new Date('2026-01-13T23:30:00Z'))).toBe('2026-01-14')
    expect(localDateOf(new Date('2026-07-31T21:59:00Z'))).toBe('2026-07-31')
    expect(localDateOf(new Date('2026-07-31T22:00:00Z'))).toBe('2026-08-01')
  })
})
