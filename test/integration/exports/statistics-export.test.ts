import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import type { StatisticsSummary } from '../../../src/shared/statistics'
import { AFTER_BOTH_WEEKS, TIME_ZONE, insertFixture, local } from '../statistics/fixture'
import { parseCsv, waitForExport, xlsxRows } from './export-fixture'

// The fixture's figures were worked out for this zone (see test/integration/statistics/fixture.ts).
process.env.TZ = TIME_ZONE

type Row = Record<string, string>

describe('exports: the statistics of a period (real host, real files)', () => {
  let bench: TestHost

  beforeAll(async () => {
    bench = await startTestHost({ demoProtocols: 0, clerk: null, clock: () => local(AFTER_BOTH_WEEKS) })
    insertFixture(bench.host.db)
  })
  afterAll(async () => {
    await bench.close()
  })

  const exportCsv = async (params: Record<string, unknown>, language: 'es' | 'en') => {
    const started = await bench.call('exports.start', { source: 'statistics', format: 'csv', params, language })
    const done = await waitForExport(bench.host, started.id)
    expect(done.state).toBe('done')
    const [header, ...rows] = parseCsv(readFileSync(done.path, 'utf8').slice(1), language === 'es' ? ';' : ',')
    return { done, header: header!, rows }
  }

  /** Rows keyed by the English header names, so every assertion reads the same whatever the language. */
  const keyed = (keys: readonly string[], rows: readonly string[][]): Row[] => rows.map((row) => Object.fromEntries(keys.map((key, i) => [key, row[i] ?? ''])))
  const KEYS = ['period', 'start', 'end', 'dimension', 'item', 'received', 'rejected', 'reported', 'turnaroundCount', 'mean', 'median', 'p90'] as const
  const num = (value: number | null) => (value === null ? '' : String(Math.round(value * 100) / 100))
  const of = (rows: readonly Row[], dimension: string) => rows.filter((row) => row.dimension === dimension)

  /** The page's figures, row for row, as the export should write them. */
  const expectMatchesSummary = (rows: readonly Row[], summary: StatisticsSummary) => {
    for (const row of rows) expect([row.period, row.start, row.end]).toEqual([summary.label, summary.start, summary.end])
    expect(of(rows, 'total')).toEqual([
      expect.objectContaining({
        item: '',
        received: String(summary.totals.received),
        rejected: String(summary.totals.rejected),
        reported: String(summary.totals.reported),
        turnaroundCount: String(summary.turnaround.count),
        median: num(summary.turnaround.medianHours)
      })
    ])
    const seriesDimension = summary.period === 'week' ? 'day' : 'hour'
    expect(of(rows, seriesDimension).map((row) => [row.item, row.received, row.rejected, row.reported])).toEqual(
      summary.series.map((point) => [point.key, String(point.received), String(point.rejected), String(point.reported)])
    )
    expect(of(rows, 'type').map((row) => [row.item, row.received, row.rejected, row.reported])).toEqual(
      summary.byType.map((entry) => [entry.key, String(entry.received), String(entry.rejected), String(entry.reported)])
    )
    const breakdowns = [
      ['species', summary.bySpecies],
      ['veterinarian', summary.byVeterinarian],
      ['clerk', summary.byClerk]
    ] as const
    for (const [dimension, entries] of breakdowns) {
      // Counts a breakdown does not have stay empty cells, not zeros.
      expect(of(rows, dimension).map((row) => [row.item, row.received, row.rejected, row.reported])).toEqual(entries.map((entry) => [entry.label, String(entry.received), String(entry.rejected), '']))
    }
    expect(of(rows, 'rejection_reason').map((row) => [row.item, row.rejected, row.received])).toEqual(summary.rejections.map((entry) => [entry.reason, String(entry.count), '']))
    const dimensions = ['total', seriesDimension, 'type', 'species', 'veterinarian', 'clerk', 'rejection_reason']
    expect(rows.every((row) => dimensions.includes(row.dimension!))).toBe(true)
  }

  it('writes the shown week to CSV, row for row as the Statistics page gets it', async () => {
    const summary = await bench.call('statistics.get', { period: 'week', date: '2026-01-14' })
    const { done, header, rows } = await exportCsv({ period: 'week', date: '2026-01-14' }, 'es')
    expect(header.slice(0, 6)).toEqual(['Periodo', 'Desde', 'Hasta', 'Desglose', 'Elemento', 'Recibidos'])
    const table = keyed(KEYS, rows)
    expect(done.rows).toBe(rows.length)
    // Hand-computed in the fixture: week 2026-W03 received 5, rejected 3, reported 3.
    expect(of(table, 'total')[0]).toMatchObject({ period: '2026-W03', received: '5', rejected: '3', reported: '3' })
    expectMatchesSummary(table, summary)
  })

  it('writes a day in English with English headers, and the same figures to XLSX as numbers', async () => {
    const summary = await bench.call('statistics.get', { period: 'day', date: '2026-01-12' })
    const { header, rows } = await exportCsv({ period: 'day', date: '2026-01-12' }, 'en')
    expect(header.slice(0, 6)).toEqual(['Period', 'From', 'To', 'Breakdown', 'Item', 'Received'])
    expectMatchesSummary(keyed(KEYS, rows), summary)

    const started = await bench.call('exports.start', { source: 'statistics', format: 'xlsx', params: { period: 'day', date: '2026-01-12' }, language: 'en' })
    const done = await waitForExport(bench.host, started.id)
    const sheet: unknown[][] = []
    for await (const row of xlsxRows(done.path)) sheet.push(row)
    expect(sheet.slice(1)).toHaveLength(rows.length)
    // Monday 12 January: P1 and P2 received, P3 rejected, P2 reported.
    expect(sheet[1]?.slice(3, 8)).toEqual(['total', undefined, 2, 1, 1])
  })

  it('refuses a period without a date', async () => {
    await expect(bench.call('exports.start', { source: 'statistics', format: 'csv', params: { period: 'week' } })).rejects.toMatchObject({ code: 'invalid_input' })
  })
})
