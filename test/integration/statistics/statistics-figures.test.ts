import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { statisticsRequests } from '../../../src/shared/statistics'
import { AFTER_BOTH_WEEKS, TIME_ZONE, VETS, insertFixture, local } from './fixture'

// The bench's local calendar is the process's; the fixture's figures were worked out for this zone.
process.env.TZ = TIME_ZONE

describe('statistics against the hand-computed fixture (see fixture.ts for the table of protocols)', () => {
  let bench: TestHost
  let vetIds: ReturnType<typeof insertFixture>['vetIds']

  beforeAll(async () => {
    bench = await startTestHost({ demoProtocols: 0, clerk: null, clock: () => local(AFTER_BOTH_WEEKS) })
    vetIds = insertFixture(bench.host.db).vetIds
  })
  afterAll(async () => {
    await bench.close()
  })

  it('counts week 2026-W03 by type, species, veterinarian, clerk and reason, with its turnaround', async () => {
    // Any day of the week names it: Wednesday 14 January.
    const week = await bench.call('statistics.get', { period: 'week', date: '2026-01-14' })
    expect(week).toMatchObject({ period: 'week', start: '2026-01-12', end: '2026-01-18', label: '2026-W03', complete: true })
    expect(statisticsRequests['statistics.get'].output.safeParse(week).success).toBe(true)
    // Decided Mon 12 – Sun 18: received P1 P2 P14 P4 P5 = 5 (P14 counts although voided later),
    // rejected P3 P6 P7 = 3; first reported in the week: P2 (Mon), P1 (Wed), P4 (Fri) = 3.
    expect(week.totals).toEqual({ received: 5, rejected: 3, reported: 3 })
    // HP: received P1 P4, rejected P3 P6, reported P1 P4. CT: received P2 P14 P5, rejected P7, reported P2.
    expect(week.byType).toEqual([
      { key: 'HP', label: 'HP', received: 2, rejected: 2, reported: 2 },
      { key: 'CT', label: 'CT', received: 3, rejected: 1, reported: 1 }
    ])
    // Perro: P1 P14 P5 ("perro " is the same species) received, P3 rejected = 3/1. Gato: P2 / P6 P7 = 1/2.
    // Caballo: P4 = 1/0. Most decisions first.
    expect(week.bySpecies).toEqual([
      { key: 'perro', label: 'Perro', received: 3, rejected: 1 },
      { key: 'gato', label: 'Gato', received: 1, rejected: 2 },
      { key: 'caballo', label: 'Caballo', received: 1, rejected: 0 }
    ])
    // Ana: P1 P5 / P6 = 2/1; Carla: P14 P4 / P7 = 2/1 (tie of 3: alphabetical); Bruno: P2 / P3 = 1/1.
    expect(week.byVeterinarian).toEqual([
      { key: vetIds.ana, label: VETS.ana, received: 2, rejected: 1 },
      { key: vetIds.carla, label: VETS.carla, received: 2, rejected: 1 },
      { key: vetIds.bruno, label: VETS.bruno, received: 1, rejected: 1 }
    ])
    // Luis: P14 P4 / P3 P6 = 2/2; Marta: P1 P2 P5 / P7 = 3/1 (tie of 4: alphabetical).
    expect(week.byClerk).toEqual([
      { key: 'Luis', label: 'Luis', received: 2, rejected: 2 },
      { key: 'Marta', label: 'Marta', received: 3, rejected: 1 }
    ])
    // P3 "Muestra sin fijar" and P7 "muestra sin fijar " are one reason (first spelling shown); P6 "Recipiente roto".
    expect(week.rejections).toEqual([
      { reason: 'Muestra sin fijar', count: 2 },
      { reason: 'Recipiente roto', count: 1 }
    ])
    // Reported this week: P2 6 h, P1 48 h, P4 60 h. Mean 114/3 = 38; median 48; P90 rank ceil(2.7) = 3rd = 60; max 60.
    // HP: 48, 60 -> mean 54, median (48+60)/2 = 54, P90 rank ceil(1.8) = 2nd = 60. CT: 6 alone.
    expect(week.turnaround).toEqual({
      count: 3,
      meanHours: 38,
      medianHours: 48,
      p90Hours: 60,
      maxHours: 60,
      byType: [
        { key: 'HP', count: 2, meanHours: 54, medianHours: 54, p90Hours: 60, maxHours: 60 },
        { key: 'CT', count: 1, meanHours: 6, medianHours: 6, p90Hours: 6, maxHours: 6 }
      ]
    })
    // Per local day: Mon P1 P2 / P3 / P2; Tue P14; Wed P4 (00:30 local, still Tuesday in UTC) / - / P1;
    // Thu P5; Fri - / P6 / P4; Sat nothing; Sun - / P7 (23:59 local).
    expect(week.series).toEqual([
      { key: '2026-01-12', received: 2, rejected: 1, reported: 1 },
      { key: '2026-01-13', received: 1, rejected: 0, reported: 0 },
      { key: '2026-01-14', received: 1, rejected: 0, reported: 1 },
      { key: '2026-01-15', received: 1, rejected: 0, reported: 0 },
      { key: '2026-01-16', received: 0, rejected: 1, reported: 1 },
      { key: '2026-01-17', received: 0, rejected: 0, reported: 0 },
      { key: '2026-01-18', received: 0, rejected: 1, reported: 0 }
    ])
  })

  it('counts week 2026-W04: local week edges, a second report and deleted or undecided protocols', async () => {
    const week = await bench.call('statistics.get', { period: 'week', date: '2026-01-25' })
    expect(week).toMatchObject({ start: '2026-01-19', end: '2026-01-25', label: '2026-W04', complete: true })
    // Received P8 (Mon 00:15 local, Sunday in UTC) P9 P11 = 3; rejected P10 = 1; P12 never decided, P13 deleted.
    // First reported: P8 (Tue), P9 (Wed; its second report on Friday does not count), P5 (Thu, received in W03) = 3.
    expect(week.totals).toEqual({ received: 3, rejected: 1, reported: 3 })
    // HP: P8 P9 P11 received, P8 P9 reported. CT: P10 rejected, P5 reported.
    expect(week.byType).toEqual([
      { key: 'HP', label: 'HP', received: 3, rejected: 0, reported: 2 },
      { key: 'CT', label: 'CT', received: 0, rejected: 1, reported: 1 }
    ])
    // Perro P8 P9 = 2/0; Caballo P10 = 0/1 and Gato P11 = 1/0 tie at 1: alphabetical.
    expect(week.bySpecies).toEqual([
      { key: 'perro', label: 'Perro', received: 2, rejected: 0 },
      { key: 'caballo', label: 'Caballo', received: 0, rejected: 1 },
      { key: 'gato', label: 'Gato', received: 1, rejected: 0 }
    ])
    // Bruno P8 P11 = 2/0; Ana P9 = 1/0; Carla P10 = 0/1.
    expect(week.byVeterinarian).toEqual([
      { key: vetIds.bruno, label: VETS.bruno, received: 2, rejected: 0 },
      { key: vetIds.ana, label: VETS.ana, received: 1, rejected: 0 },
      { key: vetIds.carla, label: VETS.carla, received: 0, rejected: 1 }
    ])
    // Luis P9 / P10 = 1/1; Marta P8 P11 = 2/0 (tie of 2: alphabetical).
    expect(week.byClerk).toEqual([
      { key: 'Luis', label: 'Luis', received: 1, rejected: 1 },
      { key: 'Marta', label: 'Marta', received: 2, rejected: 0 }
    ])
    expect(week.rejections).toEqual([{ reason: 'Muestra insuficiente', count: 1 }])
    // P9 24 h, P8 36 h, P5 168 h (Thu 15 12:00 -> Thu 22 12:00). Mean 228/3 = 76; median 36; P90 3rd = 168.
    // HP: 24, 36 -> mean 30, median 30, P90 2nd = 36. CT: 168 alone.
    expect(week.turnaround).toEqual({
      count: 3,
      meanHours: 76,
      medianHours: 36,
      p90Hours: 168,
      maxHours: 168,
      byType: [
        { key: 'HP', count: 2, meanHours: 30, medianHours: 30, p90Hours: 36, maxHours: 36 },
        { key: 'CT', count: 1, meanHours: 168, medianHours: 168, p90Hours: 168, maxHours: 168 }
      ]
    })
    expect(week.series).toEqual([
      { key: '2026-01-19', received: 1, rejected: 0, reported: 0 },
      { key: '2026-01-20', received: 1, rejected: 0, reported: 1 },
      { key: '2026-01-21', received: 0, rejected: 1, reported: 1 },
      { key: '2026-01-22', received: 1, rejected: 0, reported: 1 },
      { key: '2026-01-23', received: 0, rejected: 0, reported: 0 },
      { key: '2026-01-24', received: 0, rejected: 0, reported: 0 },
      { key: '2026-01-25', received: 0, rejected: 0, reported: 0 }
    ])
  })

  it('counts single days by local hour', async () => {
    // Monday 12: P1 09:00 and P2 10:30 received, P3 11:00 rejected, P2 reported 16:30 after 6 h.
    const monday = await bench.call('statistics.get', { period: 'day', date: '2026-01-12' })
    expect(monday).toMatchObject({ period: 'day', start: '2026-01-12', end: '2026-01-12', label: '2026-01-12', complete: true })
    expect(monday.totals).toEqual({ received: 2, rejected: 1, reported: 1 })
    expect(monday.turnaround).toMatchObject({ count: 1, meanHours: 6, medianHours: 6, p90Hours: 6, maxHours: 6 })
    expect(monday.rejections).toEqual([{ reason: 'Muestra sin fijar', count: 1 }])
    expect(monday.series).toHaveLength(24)
    const active = (summary: typeof monday) => summary.series.filter((point) => point.received + point.rejected + point.reported > 0)
    expect(active(monday)).toEqual([
      { key: '09', received: 1, rejected: 0, reported: 0 },
      { key: '10', received: 1, rejected: 0, reported: 0 },
      { key: '11', received: 0, rejected: 1, reported: 0 },
      { key: '16', received: 0, rejected: 0, reported: 1 }
    ])
    // Wednesday 14: P4 at 00:30 local (Tuesday 23:30 UTC) and P1's report at 09:00 (48 h).
    const wednesday = await bench.call('statistics.get', { period: 'day', date: '2026-01-14' })
    expect(wednesday.totals).toEqual({ received: 1, rejected: 0, reported: 1 })
    expect(active(wednesday)).toEqual([
      { key: '00', received: 1, rejected: 0, reported: 0 },
      { key: '09', received: 0, rejected: 0, reported: 1 }
    ])
    expect(wednesday.byClerk).toEqual([{ key: 'Luis', label: 'Luis', received: 1, rejected: 0 }])
    // Sunday 18 ends with P7 at 23:59; P8 at 00:15 the next morning is Monday's.
    const sunday = await bench.call('statistics.get', { period: 'day', date: '2026-01-18' })
    expect(sunday.totals).toEqual({ received: 0, rejected: 1, reported: 0 })
    expect(active(sunday)).toEqual([{ key: '23', received: 0, rejected: 1, reported: 0 }])
  })

  it('refuses a date that is not a calendar date', async () => {
    await expect(bench.call('statistics.get', { period: 'week', date: '2026-02-30' })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(bench.call('statistics.get', { period: 'day', date: '0026-01-12' })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(bench.call('statistics.get', { period: 'month' as 'week', date: '2026-01-12' })).rejects.toMatchObject({ code: 'invalid_input' })
  })
})
