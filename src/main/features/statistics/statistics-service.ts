import type { Db } from '../../platform/db/database'
import { createStatisticsRepository, type StatisticsRepository, type StoredSummary } from './statistics-repository'
import {
  addDays,
  isoWeekStart,
  localDateOf,
  localMidnight,
  periodInstants,
  periodRange,
  type LocalDate,
  type StatisticsPeriod,
  type StatisticsSummary
} from '../../../shared/statistics'
import { emptyTally, mergeTallies, summarize, toSummary } from './summarize'

/** How far back the scheduled job looks for periods that were never summarized after they ended. */
export const CATCH_UP_DAYS = 35
export const CATCH_UP_WEEKS = 5

export interface PeriodRef {
  period: StatisticsPeriod
  start: LocalDate
}

export interface StatisticsServiceDeps {
  db: Db
  repository: StatisticsRepository
  clock: () => Date
}

/**
 * Summaries by period. A day is computed from its own rows; a week adds up its seven days. A
 * summary computed after its period ended is final and served from the table; the period in
 * progress is computed again on every read, which costs one day's rows.
 */
export function createStatisticsService(deps: StatisticsServiceDeps) {
  const { db, repository } = deps

  const hasBegun = (start: LocalDate, now: Date) => localMidnight(start).getTime() <= now.getTime()
  const hasEnded = (next: LocalDate, now: Date) => localMidnight(next).getTime() <= now.getTime()

  function day(date: LocalDate, now: Date, force: boolean): StoredSummary {
    if (!force) {
      const stored = repository.get('day', date)
      if (stored?.complete) return stored
    }
    const range = periodRange('day', date)
    // A day that has not begun has nothing to count, and nothing worth a row.
    if (!hasBegun(range.start, now)) return { period: 'day', start: date, tally: emptyTally(), complete: false, computedAt: now.toISOString() }
    const { from, to } = periodInstants(range)
    const summary: StoredSummary = {
      period: 'day',
      start: date,
      tally: summarize(repository.decisions(from, to), repository.reported(from, to)),
      complete: hasEnded(range.next, now),
      computedAt: now.toISOString()
    }
    repository.put(summary)
    return summary
  }

  /** `forceDays`: the days are counted again too; without it the week adds up their stored figures. */
  function week(date: LocalDate, now: Date, force: boolean, forceDays = force): StoredSummary {
    const range = periodRange('week', date)
    if (!force) {
      const stored = repository.get('week', range.start)
      if (stored?.complete) return stored
    }
    const summary: StoredSummary = {
      period: 'week',
      start: range.start,
      tally: mergeTallies(range.days.map((key) => ({ key, tally: day(key, now, forceDays).tally }))),
      complete: hasEnded(range.next, now),
      computedAt: now.toISOString()
    }
    if (hasBegun(range.start, now)) repository.put(summary)
    return summary
  }

  /** One period with its days written in one transaction: a reader never sees a week without its days. */
  const stored = db.transaction((period: StatisticsPeriod, date: LocalDate, now: Date, force: boolean) =>
    period === 'day' ? day(date, now, force) : week(date, now, force)
  )

  /** A stale period computed again, its mark removed in the same transaction (a later write marks it anew). */
  const refreshed = db.transaction((ref: PeriodRef, now: Date) => {
    const summary = ref.period === 'day' ? day(ref.start, now, true) : week(ref.start, now, true, false)
    repository.clearStale(ref.period, ref.start)
    return summary
  })

  const figures = (period: StatisticsPeriod, date: LocalDate, force: boolean): StatisticsSummary => {
    const now = deps.clock()
    const summary = stored(period, date, now, force)
    // A recompute in the same call wrote the row: its change date is read back from it.
    const changedAt = summary.changedAt !== undefined ? summary.changedAt : (repository.get(summary.period, summary.start)?.changedAt ?? null)
    return toSummary(periodRange(period, date), summary.tally, new Date(summary.computedAt), summary.complete, changedAt)
  }

  return {
    /** The figures of the period containing `date`. */
    get: (period: StatisticsPeriod, date: LocalDate): StatisticsSummary => figures(period, date, false),

    /** Computes the period again from the protocols (a week with its days) and replaces what was stored. */
    recompute: (period: StatisticsPeriod, date: LocalDate): StatisticsSummary => figures(period, date, true),

    /**
     * Ended periods of the last weeks that have no final summary (the app was closed when they
     * ended, or nobody looked): days first, so their weeks add up stored days.
     */
    pendingCatchUp(now: Date): PeriodRef[] {
      const today = localDateOf(now)
      const firstDay = addDays(today, -CATCH_UP_DAYS)
      const yesterday = addDays(today, -1)
      const doneDays = repository.completeStarts('day', firstDay, yesterday)
      const pending: PeriodRef[] = []
      for (let date = firstDay; date <= yesterday; date = addDays(date, 1)) {
        if (!doneDays.has(date)) pending.push({ period: 'day', start: date })
      }
      const thisWeek = isoWeekStart(today)
      const firstWeek = addDays(thisWeek, -7 * CATCH_UP_WEEKS)
      const doneWeeks = repository.completeStarts('week', firstWeek, addDays(thisWeek, -7))
      for (let start = firstWeek; start < thisWeek; start = addDays(start, 7)) {
        if (!doneWeeks.has(start)) pending.push({ period: 'week', start })
      }
      return pending
    },

    /** Final periods touched by a later write, waiting to be computed again. */
    stale: (): PeriodRef[] => repository.stale(),
    hasStale: (): boolean => repository.hasStale(),

    /** Computes one stale period again (a day from its protocols, a week from its stored days). */
    refresh(ref: PeriodRef): PeriodRef {
      const summary = refreshed(ref, deps.clock())
      return { period: summary.period, start: summary.start }
    },

    /** Writes one period's summary (recomputed from the protocols when `force`); returns what it wrote. */
    store(ref: PeriodRef, force: boolean): PeriodRef {
      const summary = stored(ref.period, ref.start, deps.clock(), force)
      return { period: summary.period, start: summary.start }
    }
  }
}
export type StatisticsService = ReturnType<typeof createStatisticsService>

/** The service over the bench's database (the repository holds no state of its own). */
export function statisticsServiceOf(ctx: { db: Db; clock: () => Date }): StatisticsService {
  return createStatisticsService({ db: ctx.db, repository: createStatisticsRepository(ctx.db), clock: ctx.clock })
}
