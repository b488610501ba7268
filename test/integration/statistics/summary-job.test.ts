import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { createJobsRepository } from '../../../src/main/platform/queue/jobs-repository'
import { createScheduler } from '../../../src/main/platform/queue/scheduler'
import { createProtocolsRepository } from '../../../src/main/features/protocols/protocols-repository'
import { STATISTICS_SCHEDULE, STATISTICS_SUMMARIZE } from '../../../src/main/features/statistics/statistics-module'
import { CATCH_UP_DAYS, CATCH_UP_WEEKS } from '../../../src/main/features/statistics/statistics-service'
import type { EventPayload } from '../../../src/shared/contract'
import { newId } from '../../../src/shared/ids'
import { AFTER_BOTH_WEEKS, TIME_ZONE, insertFixture, local } from './fixture'

process.env.TZ = TIME_ZONE

interface SummaryRow {
  period: string
  start: string
  complete: number
  computed_at: string
}

describe('the scheduled statistics summaries', () => {
  let bench: TestHost
  let now: Date
  afterEach(async () => {
    await bench.close()
  })

  const start = async (at: string) => {
    now = local(at)
    bench = await startTestHost({ demoProtocols: 0, clerk: null, clock: () => now })
    return insertFixture(bench.host.db)
  }
  const rows = (): SummaryRow[] =>
    bench.host.db.prepare(`SELECT period, start, complete, computed_at FROM statistics_summaries ORDER BY period, start`).all() as SummaryRow[]
  const row = (period: string, startDate: string) => rows().find((entry) => entry.period === period && entry.start === startDate)
  const changes = () => {
    const seen: Array<EventPayload<'statistics.changed'>> = []
    bench.host.subscribe((event, payload) => {
      if (event === 'statistics.changed') seen.push(payload as EventPayload<'statistics.changed'>)
    })
    return seen
  }
  const runJob = async (payload: Record<string, string>) => {
    const id = bench.host.db.transaction(() => bench.host.queue.enqueue(STATISTICS_SUMMARIZE, payload).job.id)()
    await bench.host.queue.drained()
    return bench.host.queue.get(id)!
  }
  /** A protocol pulled late from another bench: decided on a day whose summary is already final. */
  let lateSeq = 900
  const lateArrival = (vetId: string, decidedAt: string) => {
    const seq = lateSeq++
    createProtocolsRepository(bench.host.db).insert({
      id: newId(),
      type: 'HP',
      year: 2026,
      seq,
      number: `HP 26/${String(seq).padStart(4, '0')}`,
      externalId: null,
      status: 'received',
      veterinarianId: vetId,
      animal: { name: 'Tardío', species: 'Hurón', breed: '', sex: 'unknown', age: '', owner: '' },
      sample: { sampleType: 'Biopsia', fixative: '', containers: [{ condition: 'good', note: '' }] },
      rejectionReason: null,
      receivedAt: local(decidedAt).toISOString(),
      receivedBy: 'Luis',
      createdAt: local(decidedAt).toISOString(),
      demo: false
    })
  }

  it('writes every ended day and week of the catch-up window, final, and announces them', async () => {
    await start(AFTER_BOTH_WEEKS)
    const seen = changes()
    const job = await runJob({})
    expect(job.state).toBe('succeeded')
    // Monday 2 February: the 35 days up to Sunday 1 February and the 5 weeks before this one.
    const days = rows().filter((entry) => entry.period === 'day')
    const weeks = rows().filter((entry) => entry.period === 'week')
    expect(days).toHaveLength(CATCH_UP_DAYS)
    expect(days[0]!.start).toBe('2025-12-29')
    expect(days.at(-1)!.start).toBe('2026-02-01')
    expect(weeks.map((entry) => entry.start)).toEqual(['2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26'])
    expect(weeks).toHaveLength(CATCH_UP_WEEKS)
    expect(rows().every((entry) => entry.complete === 1)).toBe(true)
    expect(seen.flatMap((event) => event.periods)).toHaveLength(CATCH_UP_DAYS + CATCH_UP_WEEKS)
    // The stored week is what the page shows: the hand-computed W03 totals.
    expect((await bench.call('statistics.get', { period: 'week', date: '2026-01-12' })).totals).toEqual({ received: 5, rejected: 3, reported: 3 })

    // Run again: nothing is missing, nothing is rewritten.
    const before = rows()
    now = local('2026-02-02T11:00')
    expect((await runJob({})).result).toEqual({ periods: [] })
    expect(rows()).toEqual(before)
  })

  it('replaces a period on recompute, so data that arrived late is counted', async () => {
    const { vetIds } = await start(AFTER_BOTH_WEEKS)
    await runJob({})
    const stored = row('week', '2026-01-12')!
    lateArrival(vetIds.carla, '2026-01-13T12:00')
    // A final summary is served as stored: the late protocol is not in it yet.
    expect((await bench.call('statistics.get', { period: 'week', date: '2026-01-13' })).totals.received).toBe(5)

    now = local('2026-02-03T09:00')
    const job = await runJob({ period: 'week', date: '2026-01-13' })
    expect(job.result).toEqual({ periods: [{ period: 'week', start: '2026-01-12' }] })
    const replaced = row('week', '2026-01-12')!
    expect(replaced.computed_at).toBe(now.toISOString())
    expect(replaced.computed_at).not.toBe(stored.computed_at)
    expect(row('day', '2026-01-13')!.computed_at).toBe(now.toISOString())
    // Still one row per period.
    expect(rows().filter((entry) => entry.period === 'week' && entry.start === '2026-01-12')).toHaveLength(1)
    const week = await bench.call('statistics.get', { period: 'week', date: '2026-01-13' })
    expect(week.totals).toEqual({ received: 6, rejected: 3, reported: 3 })
    expect(week.bySpecies.find((entry) => entry.key === 'hurón')).toEqual({ key: 'hurón', label: 'Hurón', received: 1, rejected: 0 })

    // The page's Recompute button does the same for one day.
    lateArrival(vetIds.ana, '2026-01-20T18:00')
    expect((await bench.call('statistics.get', { period: 'day', date: '2026-01-20' })).totals.received).toBe(1)
    const day = await bench.call('statistics.recompute', { period: 'day', date: '2026-01-20' })
    expect(day.totals.received).toBe(2)
    expect(row('day', '2026-01-20')!.computed_at).toBe(now.toISOString())
  })

  it('catches up every day missed while the app was closed from the one firing the scheduler makes', async () => {
    await start('2026-01-12T08:00')
    const jobs = createJobsRepository(bench.host.db)
    // The module's own schedule under another name: the host's scheduler keeps its row on the real clock.
    const schedule = { ...STATISTICS_SCHEDULE, name: 'test.statistics.daily' }
    const open = () => createScheduler({ db: bench.host.db, jobs, queue: bench.host.queue, schedules: [schedule], now: () => now.getTime() })
    const first = open()
    expect(first.start()).toEqual([])
    first.stop()
    expect(rows()).toEqual([])

    // Closed from Monday 12 08:00 to Thursday 22 10:00: nine midnight runs were missed.
    now = local('2026-01-22T10:00')
    const second = open()
    const fired = second.start()
    second.stop()
    expect(fired).toEqual([{ name: schedule.name, slot: local('2026-01-13T00:05').getTime(), jobId: expect.any(Number), created: true }])
    await bench.host.queue.drained()
    expect(bench.host.queue.get(fired[0]!.jobId)).toMatchObject({ kind: STATISTICS_SUMMARIZE, state: 'succeeded' })

    // Every ended day up to yesterday is stored and final, and so is week W03; the current week is not.
    for (let day = 12; day <= 21; day++) expect(row('day', `2026-01-${day}`), `day ${day}`).toMatchObject({ complete: 1 })
    expect(row('day', '2026-01-22')).toBeUndefined()
    expect(row('week', '2026-01-12')).toMatchObject({ complete: 1 })
    expect(row('week', '2026-01-19')).toBeUndefined()
    // Wednesday 21: P10 rejected, P9's first report; P13 was deleted.
    expect((await bench.call('statistics.get', { period: 'day', date: '2026-01-21' })).totals).toEqual({ received: 0, rejected: 1, reported: 1 })
    expect((await bench.call('statistics.get', { period: 'week', date: '2026-01-18' })).totals).toEqual({ received: 5, rejected: 3, reported: 3 })
  })
})
