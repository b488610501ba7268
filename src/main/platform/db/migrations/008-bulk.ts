import type { Migration } from './index'

/**
 * Bulk batches with one row per item (its outcome is written in the same transaction as the
 * item's effect, so a batch resumed after a crash never does an item twice), and the exports
 * the bench has written.
 */
export const bulkSchema: Migration = {
  version: 8,
  name: 'bulk',
  up(db) {
    db.exec(`
      CREATE TABLE bulk_batches (
        id TEXT PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('receive', 'status', 'assignWorkOrder', 'reprint', 'undo')),
        params_json TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'cancelled')),
        total INTEGER NOT NULL,
        job_id INTEGER,
        undo_of TEXT REFERENCES bulk_batches(id),
        undone_by TEXT REFERENCES bulk_batches(id),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX bulk_batches_created ON bulk_batches(created_at);

      CREATE TABLE bulk_items (
        batch_id TEXT NOT NULL REFERENCES bulk_batches(id),
        seq INTEGER NOT NULL,
        protocol_id TEXT NOT NULL,
        outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'succeeded', 'failed', 'unavailable')),
        code TEXT,
        message TEXT,
        -- What undo needs and the clerk sees: e.g. {"from":"received","to":"processing"}, {"number":"HP 26/0001"}.
        result_json TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT,
        PRIMARY KEY (batch_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX bulk_items_outcome ON bulk_items(batch_id, outcome, seq);

      CREATE TABLE exports (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
        params_json TEXT NOT NULL DEFAULT '{}',
        language TEXT NOT NULL DEFAULT 'es',
        path TEXT NOT NULL,
        chosen_by_user INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        rows INTEGER NOT NULL DEFAULT 0,
        total_rows INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        job_id INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX exports_created ON exports(created_at);
    `)
  }
}
