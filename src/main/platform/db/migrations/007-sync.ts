import type { Migration } from './index'

/**
 * Sync state of the bench.
 * - sync_state: one row: who we are to the server (device id; the secret lives outside the
 *   database), how far we have pulled (cursor, a server sequence number) and pushed (acked_op_seq).
 * - sync_rows: what the bench knows of each server row: the version its local row reflects
 *   (base_version, sent back as baseVersion), the latest version seen (server_version, used by the
 *   drift digest) and, while the local row still has unsent operations, the server row kept aside
 *   (shadow_json) to apply once those operations are acknowledged.
 * - sync_digests: per entity, count and XOR digest over sync_rows (kept row by row, like the server).
 * - sync_conflicts: what the clerk must review.
 * - outbox.refused_at: an operation the server will never take (bad payload); not pending any more.
 */
export const syncSchema: Migration = {
  version: 7,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN refused_at TEXT;

      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT,
        server_url TEXT,
        role TEXT,
        bench_name TEXT,
        os_protected INTEGER,
        paired_at TEXT,
        cursor INTEGER NOT NULL DEFAULT 0,
        acked_op_seq INTEGER NOT NULL DEFAULT 0,
        snapshot_needed INTEGER NOT NULL DEFAULT 1,
        generation INTEGER NOT NULL DEFAULT 0,
        drift INTEGER NOT NULL DEFAULT 0,
        last_success_at TEXT,
        last_attempt_at TEXT,
        last_error_code TEXT,
        last_error_message TEXT
      );
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_rows (
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        base_version INTEGER NOT NULL DEFAULT 0,
        server_version INTEGER NOT NULL DEFAULT 0,
        server_deleted INTEGER NOT NULL DEFAULT 0,
        shadow_json TEXT,
        generation INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity, id)
      ) WITHOUT ROWID;

      CREATE TABLE sync_digests (
        entity TEXT PRIMARY KEY,
        row_count INTEGER NOT NULL,
        hash TEXT NOT NULL
      );

      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op_seq INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('field', 'rejected', 'refused', 'apply_failed')),
        code TEXT NOT NULL,
        field TEXT,
        local_json TEXT,
        server_json TEXT,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved_at TEXT
      );
      CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved_at, created_at);
      CREATE INDEX outbox_unsent ON outbox(entity, entity_id) WHERE acked_at IS NULL;
    `)
  }
}
