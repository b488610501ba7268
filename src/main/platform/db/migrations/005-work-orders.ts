import type { Migration } from './index'

/**
 * Work orders (tables from 001) get what issuing and correcting need, plus the artifact cache of
 * rendered documents.
 *
 * - `year`/`seq`: the order's own number (`OT 26/0001`), given when the first version is issued,
 *   per year and per bench. A correction shows the number of the order it corrects (`number`
 *   copied) but holds no seq of its own, so the unique index only ever sees first versions.
 * - `superseded_by_id`: set on the old version when its correction is issued (it is cancelled then).
 * - `document_json`: the rendering input frozen at issue, so an issued order prints the same
 *   page for ever even if the veterinarian, the letterhead or the price list change later.
 * - `locale`: the language its PDF is printed in, chosen when the draft is made.
 * - `artifacts`: one row per stored file under <dataDir>/artifacts/, keyed by content.
 * - `artifact_refs`: who still needs an artifact (one current artifact per owner and role);
 *   rows without a ref and unused for a while are pruned.
 * - Triggers make "issued is immutable" hold even if application code were wrong: an issued
 *   order may only become cancelled (its correction issued, or voided), a cancelled one never
 *   changes, and lines change only while their order is a draft.
 */
export const workOrdersSchema: Migration = {
  version: 5,
  name: 'work-orders',
  up(db) {
    db.exec(`
      ALTER TABLE work_orders ADD COLUMN year INTEGER;
      ALTER TABLE work_orders ADD COLUMN seq INTEGER;
      ALTER TABLE work_orders ADD COLUMN superseded_by_id TEXT REFERENCES work_orders(id);
      ALTER TABLE work_orders ADD COLUMN cancelled_at TEXT;
      ALTER TABLE work_orders ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE work_orders ADD COLUMN document_json TEXT;
      ALTER TABLE work_orders ADD COLUMN locale TEXT NOT NULL DEFAULT 'es';
      ALTER TABLE work_orders ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
      ALTER TABLE work_orders ADD COLUMN issued_by TEXT;
      CREATE UNIQUE INDEX work_orders_number ON work_orders(year, seq) WHERE seq IS NOT NULL;
      CREATE INDEX work_orders_status ON work_orders(status, updated_at) WHERE deleted_at IS NULL;
      CREATE INDEX work_orders_supersedes ON work_orders(supersedes_id) WHERE supersedes_id IS NOT NULL;
      CREATE INDEX work_order_lines_protocol ON work_order_lines(protocol_id) WHERE protocol_id IS NOT NULL;

      CREATE TRIGGER work_orders_issued_immutable BEFORE UPDATE ON work_orders
        WHEN OLD.status = 'cancelled' OR (OLD.status = 'issued' AND (
          NEW.status NOT IN ('issued', 'cancelled')
          OR NEW.number IS NOT OLD.number OR NEW.veterinarian_id IS NOT OLD.veterinarian_id
          OR NEW.version IS NOT OLD.version OR NEW.supersedes_id IS NOT OLD.supersedes_id
          OR NEW.discount_percent IS NOT OLD.discount_percent OR NEW.notes IS NOT OLD.notes
          OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_by IS NOT OLD.issued_by
          OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq
          OR NEW.document_json IS NOT OLD.document_json OR NEW.locale IS NOT OLD.locale
          OR NEW.deleted_at IS NOT OLD.deleted_at))
        BEGIN SELECT RAISE(ABORT, 'issued work orders are immutable'); END;
      CREATE TRIGGER work_orders_issued_undeletable BEFORE DELETE ON work_orders
        WHEN OLD.status <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'issued work orders are immutable'); END;
      CREATE TRIGGER work_order_lines_draft_insert BEFORE INSERT ON work_order_lines
        WHEN (SELECT status FROM work_orders WHERE id = NEW.work_order_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'lines change only while the work order is a draft'); END;
      CREATE TRIGGER work_order_lines_draft_update BEFORE UPDATE ON work_order_lines
        WHEN (SELECT status FROM work_orders WHERE id = OLD.work_order_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'lines change only while the work order is a draft'); END;
      CREATE TRIGGER work_order_lines_draft_delete BEFORE DELETE ON work_order_lines
        WHEN (SELECT status FROM work_orders WHERE id = OLD.work_order_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'lines change only while the work order is a draft'); END;

      CREATE TABLE artifacts (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        byte_length INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL
      );
      CREATE INDEX artifacts_last_used ON artifacts(last_used_at);

      CREATE TABLE artifact_refs (
        owner TEXT NOT NULL,
        role TEXT NOT NULL,
        key TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (owner, role)
      );
      CREATE INDEX artifact_refs_key ON artifact_refs(key);
    `)
  }
}
