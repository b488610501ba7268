import type { Migration } from './index'

/**
 * Numbers that hold lab-wide, and a bench that can try the app without touching them.
 *
 * - `number_blocks` is rebuilt (SQLite cannot change a CHECK) to hold the work-order series
 *   (`OT`, leased and claimed like protocol types) and demo blocks (`source = 'demo'`): the
 *   numbers a bench trying the app with demo data gives its demo receptions, never claimed,
 *   leased or pushed, removed with the demo data.
 * - `number_aliases`: a number a protocol or work order no longer carries because the server
 *   refused it and it was renumbered (or a row the server accepted took it). The label on the tube
 *   still shows it, so search and scanning keep finding the row by it, and the bench never hands
 *   it out again.
 * - `number_refused` on protocols and work orders: the server's refusal of the number (its code)
 *   until the row is renumbered; `renumbers` counts a work order's renumberings.
 * - A database that already holds protocols or a pairing is marked as set up (meta), so an
 *   upgraded bench does not open the first-run setup.
 * - The immutability triggers of issued work orders and finalized reports learn two exceptions:
 *   a renumber (number, its parts and the frozen document change together with `renumbers` + 1,
 *   nothing else), and removing demo data (a demo work order, a report of a demo protocol).
 */
export const labNumbersSchema: Migration = {
  version: 12,
  name: 'lab-numbers',
  up(db) {
    db.exec(`
      CREATE TABLE number_blocks_rebuilt (
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('HP', 'CT', 'OT')),
        year INTEGER NOT NULL,
        range_start INTEGER NOT NULL,
        range_end INTEGER NOT NULL,
        next_seq INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('server', 'local', 'demo')),
        created_at TEXT NOT NULL,
        claim_device TEXT,
        claim_status TEXT CHECK (claim_status IN ('claimed', 'refused')),
        CHECK (range_start <= range_end),
        CHECK (next_seq BETWEEN range_start AND range_end + 1)
      );
      INSERT INTO number_blocks_rebuilt (id, type, year, range_start, range_end, next_seq, source, created_at, claim_device, claim_status)
        SELECT id, type, year, range_start, range_end, next_seq, source, created_at, claim_device, claim_status FROM number_blocks;
      DROP TABLE number_blocks;
      ALTER TABLE number_blocks_rebuilt RENAME TO number_blocks;
      CREATE INDEX number_blocks_open ON number_blocks(type, year, range_start);

      CREATE TABLE number_aliases (
        entity TEXT NOT NULL CHECK (entity IN ('protocol', 'work_order')),
        entity_id TEXT NOT NULL,
        series TEXT NOT NULL CHECK (series IN ('HP', 'CT', 'OT')),
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        number TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id, number)
      ) WITHOUT ROWID;
      CREATE INDEX number_aliases_number ON number_aliases(series, year, seq);

      -- A bench that was already in use before the first-run setup existed does not get it.
      INSERT INTO meta (key, value) SELECT 'setup_completed_at', 'before-first-run-setup'
        WHERE EXISTS (SELECT 1 FROM protocols) OR EXISTS (SELECT 1 FROM sync_state WHERE device_id IS NOT NULL)
        ON CONFLICT (key) DO NOTHING;

      ALTER TABLE protocols ADD COLUMN number_refused TEXT;
      CREATE INDEX protocols_number_refused ON protocols(number_refused) WHERE number_refused IS NOT NULL;
      ALTER TABLE work_orders ADD COLUMN number_refused TEXT;
      ALTER TABLE work_orders ADD COLUMN renumbers INTEGER NOT NULL DEFAULT 0;

      DROP TRIGGER work_orders_issued_immutable;
      CREATE TRIGGER work_orders_issued_immutable BEFORE UPDATE ON work_orders
        WHEN (OLD.status = 'issued' AND (
            NEW.status NOT IN ('issued', 'cancelled')
            OR NEW.veterinarian_id IS NOT OLD.veterinarian_id OR NEW.version IS NOT OLD.version
            OR NEW.supersedes_id IS NOT OLD.supersedes_id OR NEW.discount_percent IS NOT OLD.discount_percent
            OR NEW.notes IS NOT OLD.notes OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_by IS NOT OLD.issued_by
            OR NEW.locale IS NOT OLD.locale OR NEW.deleted_at IS NOT OLD.deleted_at
            OR (NEW.renumbers IS NOT OLD.renumbers AND NEW.renumbers IS NOT OLD.renumbers + 1)
            OR ((NEW.number IS NOT OLD.number OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq
                 OR NEW.document_json IS NOT OLD.document_json) AND NEW.renumbers IS NOT OLD.renumbers + 1)))
          OR (OLD.status = 'cancelled' AND (
            NEW.status IS NOT 'cancelled'
            OR NEW.veterinarian_id IS NOT OLD.veterinarian_id OR NEW.version IS NOT OLD.version
            OR NEW.supersedes_id IS NOT OLD.supersedes_id OR NEW.discount_percent IS NOT OLD.discount_percent
            OR NEW.notes IS NOT OLD.notes OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_by IS NOT OLD.issued_by
            OR NEW.locale IS NOT OLD.locale OR NEW.deleted_at IS NOT OLD.deleted_at
            OR NEW.cancelled_at IS NOT OLD.cancelled_at OR NEW.cancel_reason IS NOT OLD.cancel_reason
            OR NEW.superseded_by_id IS NOT OLD.superseded_by_id
            OR (NEW.renumbers IS NOT OLD.renumbers AND NEW.renumbers IS NOT OLD.renumbers + 1)
            OR ((NEW.number IS NOT OLD.number OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq
                 OR NEW.document_json IS NOT OLD.document_json) AND NEW.renumbers IS NOT OLD.renumbers + 1)))
        BEGIN SELECT RAISE(ABORT, 'issued work orders are immutable'); END;

      DROP TRIGGER work_orders_issued_undeletable;
      CREATE TRIGGER work_orders_issued_undeletable BEFORE DELETE ON work_orders
        WHEN OLD.status <> 'draft' AND OLD.demo = 0
        BEGIN SELECT RAISE(ABORT, 'issued work orders are immutable'); END;
      DROP TRIGGER work_order_lines_draft_delete;
      CREATE TRIGGER work_order_lines_draft_delete BEFORE DELETE ON work_order_lines
        WHEN (SELECT status <> 'draft' AND demo = 0 FROM work_orders WHERE id = OLD.work_order_id)
        BEGIN SELECT RAISE(ABORT, 'lines change only while the work order is a draft'); END;

      -- A report is demo when its protocol is.
      DROP TRIGGER reports_finalized_undeletable;
      CREATE TRIGGER reports_finalized_undeletable BEFORE DELETE ON reports
        WHEN OLD.status = 'finalized' AND (SELECT demo = 0 FROM protocols WHERE id = OLD.protocol_id)
        BEGIN SELECT RAISE(ABORT, 'finalized reports are immutable'); END;
      DROP TRIGGER report_pdfs_immutable_delete;
      CREATE TRIGGER report_pdfs_immutable_delete BEFORE DELETE ON report_pdfs
        WHEN (SELECT r.status = 'finalized' AND p.demo = 0 FROM reports r JOIN protocols p ON p.id = r.protocol_id WHERE r.id = OLD.report_id)
        BEGIN SELECT RAISE(ABORT, 'the PDF of a finalized report is immutable'); END;
      DROP TRIGGER report_cassettes_draft_delete;
      CREATE TRIGGER report_cassettes_draft_delete BEFORE DELETE ON report_cassettes
        WHEN (SELECT r.status <> 'draft' AND p.demo = 0 FROM reports r JOIN protocols p ON p.id = r.protocol_id WHERE r.id = OLD.report_id)
        BEGIN SELECT RAISE(ABORT, 'cassettes change only while the report is a draft'); END;
    `)
  }
}
