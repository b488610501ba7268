import type { Migration } from './index'

/**
 * What the clerk is told about what happened.
 *
 * `label_deliveries`: a label's bytes on their way to a printer, per label job: `sending` is written before the first
 * byte leaves and `sent` once the printer or spooler has them all, with the printer they went to
 * and the spooler's job id. A job that finds its label `sent` asks the printer where it is and
 * never sends it again; one that finds it still `sending` was cut off mid-send and cannot know
 * whether it came out, so it asks the clerk instead of printing it a second time.
 *
 * `bulk_items.params_json`: what a failed item's message needs besides its code (the number, the
 * statuses), so the clerk reads it in their language.
 */
export const labelFateSchema: Migration = {
  version: 11,
  name: 'label-fate',
  up(db) {
    db.exec(`
      CREATE TABLE label_deliveries (
        job_id INTEGER PRIMARY KEY,
        protocol_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sending', 'sent')),
        printer_json TEXT NOT NULL,
        spool_job_id TEXT,
        started_at TEXT NOT NULL,
        sent_at TEXT
      );
      ALTER TABLE bulk_items ADD COLUMN params_json TEXT;
    `)
  }
}
