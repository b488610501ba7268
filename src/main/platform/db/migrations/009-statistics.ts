import type { Migration } from './index'

/**
 * Stored daily and weekly statistics, and the indexes that let one period be computed from its
 * own rows only: a week on a bench with 200,000 protocols reads that week's rows from an index,
 * never the table.
 */
export const statisticsSchema: Migration = {
  version: 9,
  name: 'statistics',
  up(db) {
    db.exec(`
      -- One row per period, named by the local date of its first day. Recomputing replaces it.
      -- complete = 1 once computed after the period ended: such a row is served as is.
      CREATE TABLE statistics_summaries (
        period TEXT NOT NULL CHECK (period IN ('day', 'week')),
        start TEXT NOT NULL,
        format INTEGER NOT NULL,
        tally_json TEXT NOT NULL,
        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
        computed_at TEXT NOT NULL,
        PRIMARY KEY (period, start)
      ) WITHOUT ROWID;

      -- Covers every column a period's decisions need, so the range scan never touches the table.
      CREATE INDEX protocols_statistics
        ON protocols(received_at, status, type, species, veterinarian_id, received_by, rejection_reason)
        WHERE deleted_at IS NULL;

      -- Reports finalized in a period, and "was this protocol reported before?", over the few
      -- history rows that are reports only.
      CREATE INDEX protocol_status_history_reported_at
        ON protocol_status_history(at, protocol_id) WHERE to_status = 'reported';
      CREATE INDEX protocol_status_history_reported_protocol
        ON protocol_status_history(protocol_id, at) WHERE to_status = 'reported';
    `)
  }
}
