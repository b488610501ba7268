import { describe, expect, it } from 'vitest'
import { median, mergeTallies, nearestRank, summarize, toSummary, type DecisionRow, type ReportedRow } from '../../../src/main/features/statistics/summarize'
import { statisticsExportColumns, statisticsExportRows } from '../../../src/main/features/statistics/statistics-export'
import { periodRange } from '../../../src/shared/statistics'

process.env.TZ = 'Europe/Madrid'

const HOUR = 3_600_000

const decision = (overrides: Partial<DecisionRow>): DecisionRow => ({
  type: 'HP',
  status: 'received',
  species: 'Perro',
  veterinarianId: 'v1',
  veterinarianName: 'Dra. Uno',
  receivedBy: 'Marta',
  rejectionReason: null,
  receivedAt: '2026-01-12T08:00:00.000Z',
  ...overrides
})
const report = (type: DecisionRow['type'], receivedAt: string, hours: number): ReportedRow => ({
  type,
  receivedAt,
  reportedAt: new Date(Date.parse(receivedAt) + hours * HOUR).toISOString()
})

describe('summary arithmetic', () => {
  it('takes medians and nearest-rank percentiles of sorted lists', () => {
    expect(median([])).toBeNull()
    expect(median([5])).toBe(5)
    // Even count: mean of the two in the middle, (2 + 10) / 2.
    expect(median([1, 2, 10, 40])).toBe(6)
    expect(median([1, 2, 10])).toBe(2)
    // Ten values: the 90th percentile is the 9th (ceil(0.9 × 10)); of eleven it is the 10th (ceil(9.9)).
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect(nearestRank(ten, 90)).toBe(9)
    expect(nearestRank([...ten, 11], 90)).toBe(10)
    expect(nearestRank([], 90)).toBeNull()
  })

  it('adds a week up from its days with an exact median, not a median of medians', () => {
    const monday = summarize(
      [decision({}), decision({ status: 'rejected', rejectionReason: 'Roto' })],
      [report('HP', '2026-01-10T08:00:00.000Z', 2), report('HP', '2026-01-10T08:00:00.000Z', 4), report('CT', '2026-01-10T08:00:00.000Z', 100)]
    )
    const tuesday = summarize(
      [decision({ type: 'CT', species: 'Gato', receivedAt: '2026-01-13T08:00:00.000Z' })],
      [report('HP', '2026-01-11T08:00:00.000Z', 50), report('HP', '2026-01-11T08:00:00.000Z', 60)]
    )
    const range = periodRange('week', '2026-01-12')
    const week = toSummary(range, mergeTallies([{ key: '2026-01-12', tally: monday }, { key: '2026-01-13', tally: tuesday }]), new Date('2026-01-20T00:00:00Z'), true)
    expect(week.totals).toEqual({ received: 2, rejected: 1, reported: 5 })
    // All durations 2, 4, 50, 60, 100: median 50. The days' medians (4 and 55) would have given 29.5.
    expect(week.turnaround.medianHours).toBe(50)
    // HP: 2, 4, 50, 60 -> mean 116/4 = 29, median (4 + 50)/2 = 27, P90 rank ceil(3.6) = 4th = 60.
    expect(week.turnaround.byType[0]).toEqual({ key: 'HP', count: 4, meanHours: 29, medianHours: 27, p90Hours: 60, maxHours: 60 })
    expect(week.series.map((point) => point.received + point.rejected)).toEqual([2, 1, 0, 0, 0, 0, 0])
    expect(week.bySpecies.map((row) => [row.label, row.received, row.rejected])).toEqual([
      ['Perro', 1, 1],
      ['Gato', 1, 0]
    ])
  })

  it('never reports a negative turnaround when a clock was wrong', () => {
    const tally = summarize([], [{ type: 'HP', receivedAt: '2026-01-12T10:00:00.000Z', reportedAt: '2026-01-12T09:00:00.000Z' }])
    expect(toSummary(periodRange('day', '2026-01-12'), tally, new Date(), false).turnaround.maxHours).toBe(0)
  })

  it('flattens a summary into export rows that add up to the same totals', () => {
    const tally = summarize(
      [
        decision({}),
        decision({ species: 'Gato', receivedBy: 'Luis', receivedAt: '2026-01-12T09:30:00.000Z' }),
        decision({ status: 'rejected', rejectionReason: 'Roto', receivedAt: '2026-01-12T15:00:00.000Z' })
      ],
      [report('CT', '2026-01-11T10:00:00.000Z', 30)]
    )
    const summary = toSummary(periodRange('day', '2026-01-12'), tally, new Date('2026-01-13T00:00:00Z'), true)
    const rows = [...statisticsExportRows(summary)]
    const columns = statisticsExportColumns('en').map((column) => column.key)
    for (const row of rows) expect(Object.keys(row).sort()).toEqual([...columns].sort())
    expect(rows[0]).toMatchObject({ dimension: 'total', received: 2, rejected: 1, reported: 1, turnaroundCount: 1, turnaroundMeanHours: 30 })
    const sum = (dimension: string, field: 'received' | 'rejected') =>
      rows.filter((row) => row.dimension === dimension).reduce((total, row) => total + Number(row[field] || 0), 0)
    for (const dimension of ['hour', 'type', 'species', 'veterinarian', 'clerk']) {
      expect(sum(dimension, 'received'), dimension).toBe(2)
      expect(sum(dimension, 'rejected'), dimension).toBe(1)
    }
    expect(sum('rejection_reason', 'rejected')).toBe(1)
    // 09:00 and 10:30 local (08:00Z and 09:30Z) in the hours 09 and 10; the rejection at 16:00 local.
    expect(rows.filter((row) => row.dimension === 'hour' && Number(row.received) + Number(row.rejected) > 0).map((row) => row.item)).toEqual(['09', '10', '16'])
    expect(statisticsExportColumns('es')[0]).toEqual({ key: 'period', header: 'Periodo' })
  })
})
