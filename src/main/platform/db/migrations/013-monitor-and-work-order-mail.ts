import type { Migration } from './index'

/**
 * Two things the bench's monitor and its messages need:
 *
 * - The Jobs page shows median and p95 run times per kind over the last day. With started_at in
 *   the finished-jobs index, a day of run times is read from the index alone, never from the rows
 *   (which hold payloads and results); the index already gets a row at every finish, so the extra
 *   column costs the queue a few bytes per job and no extra write.
 * - "Work order issued" messages belong to a work order, not to one protocol: notifications get a
 *   work_order_id, protocol_id may be null, and the kind check admits the new kind. SQLite cannot
 *   change a CHECK or a NOT NULL in place, so the table is rebuilt (nothing refers to it).
 */
export const monitorAndWorkOrderMailSchema: Migration = {
  version: 13,
  name: 'monitor-and-work-order-mail',
  up(db) {
    db.exec(`
      DROP INDEX jobs_finished;
      CREATE INDEX jobs_finished ON jobs(finished_at, state, kind, started_at) WHERE finished_at IS NOT NULL;

      CREATE TABLE notifications_next (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('sample_received', 'sample_rejected', 'report_ready', 'work_order_issued')),
        protocol_id TEXT REFERENCES protocols(id),
        work_order_id TEXT,
        report_id TEXT,
        recipient TEXT NOT NULL,
        language TEXT NOT NULL,
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'retrying', 'sent', 'failed', 'cancelled', 'no_address')),
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (protocol_id IS NOT NULL OR work_order_id IS NOT NULL)
      );
      INSERT INTO notifications_next (id, kind, protocol_id, work_order_id, report_id, recipient, language, subject, body_text, state, last_error, created_at, updated_at)
        SELECT id, kind, protocol_id, NULL, report_id, recipient, language, subject, body_text, state, last_error, created_at, updated_at FROM notifications;
      DROP TABLE notifications;
      ALTER TABLE notifications_next RENAME TO notifications;
      CREATE INDEX notifications_protocol ON notifications(protocol_id, created_at);
      CREATE INDEX notifications_work_order ON notifications(work_order_id, created_at) WHERE work_order_id IS NOT NULL;
    `)
  }
}
