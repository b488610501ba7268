/**
 * Statistics follow late data: a write that touches a finished day (a protocol pulled by sync, a
 * correction) marks exactly that day and its week stale in its own transaction, the
 * `statistics.refresh` job computes them again, and the figures say when they changed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { createNumberBlocksRepository } from '../../../src/main/features/numbering/number-blocks-repository'
import { createProtocolsRepository } from '../../../src/main/features/protocols/protocols-repository'
import { createSyncRemoteRowsRepository } from '../../../src/main/features/sync/sync-remote-rows-repository'
import { STATISTICS_REFRESH, STATISTICS_SUMMARIZE } from '../../../src/main/features/statistics/statistics-module'
import type { Protocol } from '../../../src/shared/domain'
import type { StatisticsSummary } from '../../../src/shared/statistics'
import { newId } from '../../../src/shared/ids'
import { AFTER_BOTH_WEEKS, TIME_ZONE, insertFixture, local } from './fixture'

process.env.TZ = TIME_ZONE

interface SummaryRow {
  period: string
  start: string
  computed_at: string
  first_computed_at: string | null
  changed_at: string | null
}

/** The figures without the moment they were computed. */
const figuresOf = ({ computedAt: _computedAt, changedAt: _changedAt, ...figures }: StatisticsSummary) => figures

describe('statistics follow late data', () => {
  let bench: TestHost
  let now: Date
  afterEach(async () => {
    await bench.close()
  })

  const start = async () => {
    now = local(AFTER_BOTH_WEEKS)
    bench = await startTestHost({ demoProtocols: 0, clerk: 'Marta', clock: () => now })
    const fixture = insertFixture(bench.host.db)
    // Every ended day and week of the fixture gets its final figures.
    bench.host.db.transaction(() => bench.host.queue.enqueue(STATISTICS_SUMMARIZE, {}))()
    await bench.host.queue.drained()
    return fixture
  }
  const rows = (): SummaryRow[] =>
    bench.host.db
      .prepare(`SELECT period, start, computed_at, first_computed_at, changed_at FROM statistics_summaries ORDER BY period, start`)
      .all() as SummaryRow[]
  const stale = () => bench.host.db.prepare(`SELECT period, start FROM statistics_stale ORDER BY period, start`).all()
  const refreshJobs = () => bench.host.db.prepare(`SELECT state, result_json FROM jobs WHERE kind = ?`).all(STATISTICS_REFRESH) as { state: string; result_json: string }[]

  it('a protocol pulled late for a past day recomputes that day and its week only, and the figures match a recount', async () => {
    const { vetIds } = await start()
    const before = rows()
    const firstWeek = await bench.call('statistics.get', { period: 'week', date: '2026-01-12' })
    expect(firstWeek.changedAt).toBeNull()

    // The row another bench received on Tuesday 13 January arrives by the sync pull's own writer.
    now = local('2026-02-03T09:00')
    const pulled: Protocol = {
      id: newId(),
      type: 'HP',
      year: 2026,
      seq: 950,
      number: 'HP 26/0950',
      externalId: null,
      status: 'received',
      veterinarianId: vetIds.carla,
      veterinarianName: 'Dra. Carla Ruiz',
      animal: { name: 'Tardío', species: 'Hurón', breed: '', sex: 'unknown', age: '', owner: '' },
      sample: { sampleType: 'Biopsia', fixative: '', containers: [{ condition: 'good', note: '' }] },
      rejectionReason: null,
      receivedAt: local('2026-01-13T12:00').toISOString(),
      receivedBy: 'Luis',
      createdAt: local('2026-01-13T11:00').toISOString(),
      updatedAt: local('2026-01-13T12:00').toISOString(),
      demo: false
    } as Protocol
    const db = bench.host.db
    db.transaction(() => createSyncRemoteRowsRepository(db, createProtocolsRepository(db), createNumberBlocksRepository(db)).upsertProtocol(pulled, now.toISOString()))()
    expect(stale()).toEqual([
      { period: 'day', start: '2026-01-13' },
      { period: 'week', start: '2026-01-12' }
    ])

    // A bench closed before the refresh ran queues it when it opens again.
    await bench.restart()
    await bench.host.queue.drained()
    expect(stale()).toEqual([])
    expect(refreshJobs()).toHaveLength(1)
    expect(JSON.parse(refreshJobs()[0]!.result_json)).toEqual({
      periods: [
        { period: 'day', start: '2026-01-13' },
        { period: 'week', start: '2026-01-12' }
      ]
    })
    const after = rows()
    const touched = (row: SummaryRow) => (row.period === 'day' && row.start === '2026-01-13') || (row.period === 'week' && row.start === '2026-01-12')
    expect(after.filter((row) => !touched(row))).toEqual(before.filter((row) => !touched(row)))
    for (const row of after.filter(touched)) {
      expect(row.computed_at).toBe(now.toISOString())
      expect(row.changed_at).toBe(now.toISOString())
      expect(row.first_computed_at).toBe(before.find((old) => old.period === row.period && old.start === row.start)!.computed_at)
    }

    const week = await bench.call('statistics.get', { period: 'week', date: '2026-01-12' })
    expect(week.totals).toEqual({ received: 6, rejected: 3, reported: 3 })
    expect(week.changedAt).toBe(now.toISOString())
    const day = await bench.call('statistics.get', { period: 'day', date: '2026-01-13' })
    // The figures refreshed from stored days are the figures of a count from the protocols.
    expect(figuresOf(await bench.call('statistics.recompute', { period: 'week', date: '2026-01-12' }))).toEqual(figuresOf(week))
    expect(figuresOf(await bench.call('statistics.recompute', { period: 'day', date: '2026-01-13' }))).toEqual(figuresOf(day))
  })

  it('a correction of a protocol of a finished day queues the refresh itself; a write that changes no figure marks nothing', async () => {
    const { protocolIds } = await start()
    const db = bench.host.db
    // A write of the same values (a pull re-applying a row it already has) is no change.
    db.prepare(`UPDATE protocols SET species = species, status = status WHERE id = ?`).run(protocolIds.P11)
    expect(stale()).toEqual([])

    now = local('2026-02-04T10:00')
    const { protocol } = await bench.call('protocols.get', { id: protocolIds.P11! })
    await bench.call('reception.edit', { id: protocol.id, veterinarianId: protocol.veterinarianId, animal: { ...protocol.animal, species: 'Hurón' }, sample: protocol.sample })
    await bench.host.queue.drained()
    expect(stale()).toEqual([])
    const day = await bench.call('statistics.get', { period: 'day', date: '2026-01-22' })
    expect(day.changedAt).toBe(now.toISOString())
    expect(day.bySpecies.find((row) => row.key === 'hurón')).toMatchObject({ received: 1 })
    expect((await bench.call('statistics.get', { period: 'week', date: '2026-01-22' })).changedAt).toBe(now.toISOString())
    const untouched = await bench.call('statistics.get', { period: 'day', date: '2026-01-21' })
    expect(untouched.changedAt).toBeNull()
  })

  it('marks the local day and week, not the UTC ones, and a row removed for good marks its day', async () => {
    const { protocolIds } = await start()
    const db = bench.host.db
    // Monday 19 January 00:15 in Madrid is still Sunday 18 in UTC: the week is W04, not W03.
    db.prepare(`UPDATE protocols SET received_at = ? WHERE id = ?`).run(local('2026-01-19T00:15').toISOString(), protocolIds.P11)
    expect(stale()).toEqual([
      { period: 'day', start: '2026-01-19' },
      { period: 'day', start: '2026-01-22' },
      { period: 'week', start: '2026-01-19' }
    ])
    db.prepare(`DELETE FROM statistics_stale`).run()
    // As the demo data's removal does: its history first, then the row.
    db.prepare(`DELETE FROM protocol_status_history WHERE protocol_id = ?`).run(protocolIds.P3)
    db.prepare(`DELETE FROM protocols WHERE id = ?`).run(protocolIds.P3)
    expect(stale()).toEqual([
      { period: 'day', start: '2026-01-12' },
      { period: 'week', start: '2026-01-12' }
    ])
  })
})
