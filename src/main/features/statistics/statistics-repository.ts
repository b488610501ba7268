import type { Db } from '../../platform/db/database'
import type { DecisionRow, ReportedRow, Tally } from './summarize'
import type { StatisticsPeriod } from '../../../shared/statistics'

/** Bumped when the shape of a stored tally changes: older rows then count as missing and are recomputed. */
export const TALLY_FORMAT = 1

export interface StoredSummary {
  period: StatisticsPeriod
  start: string
  tally: Tally
  complete: boolean
  computedAt: string
  /** When a recompute after the final figures changed them (late data), or null. */
  changedAt?: string | null
}

interface DecisionSqlRow {
  type: DecisionRow['type']
  status: DecisionRow['status']
  species: string
  veterinarian_id: string
  veterinarian_name: string | null
  received_by: string | null
  rejection_reason: string | null
  received_at: string
}

/** The rows one period's figures are made of, read by range over the statistics indexes, and the stored summaries. */
export function createStatisticsRepository(db: Db) {
  // `deleted_at IS NULL` is spelled out so the planner can use the partial covering index.
  const decisions = db.prepare<[string, string], DecisionSqlRow>(
    `SELECT p.type, p.status, p.species, p.veterinarian_id, v.name AS veterinarian_name, p.received_by,
            p.rejection_reason, p.received_at
     FROM protocols p INDEXED BY protocols_statistics
     LEFT JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.received_at >= ? AND p.received_at < ? AND p.deleted_at IS NULL
     ORDER BY p.received_at`
  )
  const reported = db.prepare<[string, string], { type: ReportedRow['type']; received_at: string; reported_at: string }>(
    `SELECT p.type, p.received_at, h.at AS reported_at
     FROM protocol_status_history h INDEXED BY protocol_status_history_reported_at
     JOIN protocols p ON p.id = h.protocol_id
     WHERE h.to_status = 'reported' AND h.at >= ? AND h.at < ?
       AND p.deleted_at IS NULL AND p.received_at IS NOT NULL
       AND NOT EXISTS (
         SELECT 1 FROM protocol_status_history e INDEXED BY protocol_status_history_reported_protocol
         WHERE e.protocol_id = h.protocol_id AND e.to_status = 'reported' AND e.at < h.at
       )
     ORDER BY h.at`
  )
  const read = db.prepare<[StatisticsPeriod, string, number], { tally_json: string; complete: number; computed_at: string; changed_at: string | null }>(
    `SELECT tally_json, complete, computed_at, changed_at FROM statistics_summaries WHERE period = ? AND start = ? AND format = ?`
  )
  const completeStarts = db.prepare<[StatisticsPeriod, string, string, number], { start: string }>(
    `SELECT start FROM statistics_summaries WHERE period = ? AND start >= ? AND start <= ? AND complete = 1 AND format = ?`
  )
  // Final figures that come out different from the final figures stored before were changed by
  // late data: the row says when. The first final computation is kept as it was.
  const write = db.prepare(
    `INSERT INTO statistics_summaries (period, start, format, tally_json, complete, computed_at, first_computed_at, changed_at)
     VALUES (@period, @start, @format, @tally, @complete, @computedAt, CASE WHEN @complete = 1 THEN @computedAt END, NULL)
     ON CONFLICT (period, start) DO UPDATE SET format = excluded.format, tally_json = excluded.tally_json,
       complete = excluded.complete, computed_at = excluded.computed_at,
       first_computed_at = COALESCE(statistics_summaries.first_computed_at, excluded.first_computed_at),
       changed_at = CASE
         WHEN statistics_summaries.complete = 1 AND excluded.complete = 1 AND statistics_summaries.format = excluded.format
           AND statistics_summaries.tally_json IS NOT excluded.tally_json THEN excluded.computed_at
         ELSE statistics_summaries.changed_at END`
  )
  const stale = db.prepare<[], { period: StatisticsPeriod; start: string }>(
    `SELECT period, start FROM statistics_stale ORDER BY CASE period WHEN 'day' THEN 0 ELSE 1 END, start`
  )
  const anyStale = db.prepare<[], { found: number }>(`SELECT 1 AS found FROM statistics_stale LIMIT 1`)
  const clearStale = db.prepare<[StatisticsPeriod, string]>(`DELETE FROM statistics_stale WHERE period = ? AND start = ?`)

  return {
    /** Protocols decided (received or rejected) in `[fromIso, toIso)`, oldest first. */
    decisions(fromIso: string, toIso: string): DecisionRow[] {
      return decisions.all(fromIso, toIso).map((row) => ({
        type: row.type,
        status: row.status,
        species: row.species,
        veterinarianId: row.veterinarian_id,
        veterinarianName: row.veterinarian_name ?? '',
        receivedBy: row.received_by,
        rejectionReason: row.rejection_reason,
        receivedAt: row.received_at
      }))
    },

    /** Protocols whose first change to "reported" is in `[fromIso, toIso)`. */
    reported(fromIso: string, toIso: string): ReportedRow[] {
      return reported.all(fromIso, toIso).map((row) => ({ type: row.type, receivedAt: row.received_at, reportedAt: row.reported_at }))
    },

    get(period: StatisticsPeriod, start: string): StoredSummary | null {
      const row = read.get(period, start, TALLY_FORMAT)
      if (!row) return null
      return { period, start, tally: JSON.parse(row.tally_json) as Tally, complete: row.complete === 1, computedAt: row.computed_at, changedAt: row.changed_at }
    },

    /**
     * Final periods a later write touched (marked by the triggers of migration 17), days before
     * weeks so a week adds up days already computed again.
     */
    stale(): { period: StatisticsPeriod; start: string }[] {
      return stale.all()
    },
    hasStale: (): boolean => anyStale.get() !== undefined,
    clearStale(period: StatisticsPeriod, start: string): void {
      clearStale.run(period, start)
    },

    /** Starts of the periods between two starts (inclusive) whose stored summary is final. */
    completeStarts(period: StatisticsPeriod, first: string, last: string): Set<string> {
      return new Set(completeStarts.all(period, first, last, TALLY_FORMAT).map((row) => row.start))
    },

    /** Writes a period's summary, replacing the one stored before. */
    put(summary: StoredSummary): void {
      write.run({
        period: summary.period,
        start: summary.start,
        format: TALLY_FORMAT,
        tally: JSON.stringify(summary.tally),
        complete: summary.complete ? 1 : 0,
        computedAt: summary.computedAt
      })
    }
  }
}
export type StatisticsRepository = ReturnType<typeof createStatisticsRepository>
