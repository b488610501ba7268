import type { Migration } from './index'

/**
 * Messages to veterinarians. Written in the same transaction as the change that causes them,
 * together with the outbox row that carries them to the central server, which sends them.
 */
export const notificationsSchema: Migration = {
  version: 4,
  name: 'notifications',
  up(db) {
    db.exec(`
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('sample_received', 'sample_rejected', 'report_ready')),
        protocol_id TEXT NOT NULL REFERENCES protocols(id),
        report_id TEXT,
        recipient TEXT NOT NULL,
        language TEXT NOT NULL,
        subject TEXT NOT NULL,
        body_text TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'retrying', 'sent', 'failed', 'cancelled', 'no_address')),
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX notifications_protocol ON notifications(protocol_id, created_at);
    `)
  }
}
