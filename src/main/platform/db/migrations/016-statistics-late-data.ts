import type { Migration } from './index'

/** Local day and ISO week (Monday) of an instant, as the statistics name their periods. */
const day = (column: string) => `date(${column}, 'localtime')`
const week = (column: string) => `date(${column}, 'localtime', '-6 days', 'weekday 1')`

/** Marks the final day and week summaries an instant falls in as stale (nothing when none is stored yet). */
const markStale = (column: string) => `
    INSERT INTO statistics_stale (period, start)
      SELECT s.period, s.start FROM statistics_summaries s
      WHERE s.complete = 1
        AND ((s.period = 'day' AND s.start = ${day(column)}) OR (s.period = 'week' AND s.start = ${week(column)}))
    ON CONFLICT (period, start) DO NOTHING;`

/** The protocol columns a period's figures are made of. */
const FIGURE_COLUMNS = ['received_at', 'deleted_at', 'status', 'type', 'species', 'veterinarian_id', 'received_by', 'rejection_reason']

/**
 * Statistics follow late data. Any write to a protocol of a finished day or week whose final
 * figures are stored (a protocol pulled by sync, a bulk change, a correction, a renumbering, a
 * void, a report) marks exactly those periods stale, in the same transaction as the write, by
 * triggers: no way of changing a protocol can forget to. The `statistics.refresh` job computes
 * them again. A summary keeps when its final figures were first computed and when a recompute
 * last changed them, which the Statistics page says.
 */
export const statisticsLateDataSchema: Migration = {
  version: 16,
  name: 'statistics-late-data',
  up(db) {
    db.exec(`
      ALTER TABLE statistics_summaries ADD COLUMN first_computed_at TEXT;
      ALTER TABLE statistics_summaries ADD COLUMN changed_at TEXT;
      UPDATE statistics_summaries SET first_computed_at = computed_at WHERE complete = 1;

      -- A mark is removed in the transaction that computes its period again, so a write after
      -- that transaction marks it anew.
      CREATE TABLE statistics_stale (
        period TEXT NOT NULL CHECK (period IN ('day', 'week')),
        start TEXT NOT NULL,
        PRIMARY KEY (period, start)
      ) WITHOUT ROWID;

      CREATE TRIGGER statistics_stale_protocol_insert AFTER INSERT ON protocols
        WHEN NEW.received_at IS NOT NULL AND NEW.deleted_at IS NULL
      BEGIN ${markStale('NEW.received_at')}
      END;

      CREATE TRIGGER statistics_stale_protocol_update
        AFTER UPDATE OF ${FIGURE_COLUMNS.join(', ')} ON protocols
        WHEN ${FIGURE_COLUMNS.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ')}
      BEGIN ${markStale('OLD.received_at')} ${markStale('NEW.received_at')}
      END;

      -- Rows are removed for good only with the demo data; its days' figures go with them.
      CREATE TRIGGER statistics_stale_protocol_delete AFTER DELETE ON protocols
        WHEN OLD.received_at IS NOT NULL AND OLD.deleted_at IS NULL
      BEGIN ${markStale('OLD.received_at')}
      END;

      CREATE TRIGGER statistics_stale_reported AFTER INSERT ON protocol_status_history
        WHEN NEW.to_status = 'reported'
      BEGIN ${markStale('NEW.at')}
      END;
    `)
  }
}
