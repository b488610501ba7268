import type { Migration } from './index'

/**
 * Reports: what finalizing needs on top of the tables of 001, and the rules that keep a report
 * chain sound even if application code were wrong.
 *
 * A protocol has one chain of report versions: v1 (amends nothing), v2 amends v1, and so on.
 * Finalizing turns the one open version (draft → finalizing → finalized) into a finalized one; it
 * never inserts a row, so doing it twice cannot make two. The indexes forbid a second open
 * version, a second first version and a fork (two versions amending the same one).
 */
export const reportsSchema: Migration = {
  version: 6,
  name: 'reports',
  up(db) {
    db.exec(`
      ALTER TABLE reports ADD COLUMN pathologist_licence TEXT NOT NULL DEFAULT '';
      -- The renderer input frozen when finalizing was asked for: every attempt of the job renders
      -- the same bytes, whatever happens to settings or the protocol meanwhile.
      ALTER TABLE reports ADD COLUMN finalize_input_json TEXT;
      ALTER TABLE reports ADD COLUMN finalize_input_sha256 TEXT;
      ALTER TABLE reports ADD COLUMN finalize_requested_at TEXT;
      ALTER TABLE reports ADD COLUMN finalize_job_id INTEGER;
      -- The finalize job's step marker, written in the same transaction as the step's effect.
      ALTER TABLE reports ADD COLUMN finalize_step TEXT CHECK (finalize_step IN ('requested', 'rendered', 'finalized'));

      CREATE INDEX reports_protocol ON reports(protocol_id, version);
      CREATE UNIQUE INDEX reports_one_open_per_protocol ON reports(protocol_id)
        WHERE status <> 'finalized' AND deleted_at IS NULL;
      CREATE UNIQUE INDEX reports_one_first_version ON reports(protocol_id)
        WHERE amends_id IS NULL AND deleted_at IS NULL;
      CREATE UNIQUE INDEX reports_amended_once ON reports(amends_id) WHERE amends_id IS NOT NULL;

      -- The finalized PDF, apart from the report row so lists never read the bytes.
      -- input_sha256 says which frozen input the bytes were rendered from.
      CREATE TABLE report_pdfs (
        report_id TEXT PRIMARY KEY REFERENCES reports(id),
        input_sha256 TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        created_at TEXT NOT NULL
      );

      -- Finalized means signed: nothing about it changes again (an amendment is a new row).
      CREATE TRIGGER reports_finalized_immutable BEFORE UPDATE ON reports
        WHEN OLD.status = 'finalized'
        BEGIN SELECT RAISE(ABORT, 'finalized reports are immutable'); END;
      CREATE TRIGGER reports_finalized_undeletable BEFORE DELETE ON reports
        WHEN OLD.status = 'finalized'
        BEGIN SELECT RAISE(ABORT, 'finalized reports are immutable'); END;
      -- A report can only become finalized together with its stored PDF and that PDF's hash.
      CREATE TRIGGER reports_finalized_has_pdf BEFORE UPDATE OF status ON reports
        WHEN NEW.status = 'finalized' AND (
          NEW.pdf_sha256 IS NULL OR NEW.finalized_at IS NULL OR NOT EXISTS (
            SELECT 1 FROM report_pdfs WHERE report_id = NEW.id AND sha256 = NEW.pdf_sha256))
        BEGIN SELECT RAISE(ABORT, 'a finalized report needs its stored PDF'); END;
      CREATE TRIGGER report_pdfs_immutable_update BEFORE UPDATE ON report_pdfs
        WHEN (SELECT status FROM reports WHERE id = OLD.report_id) = 'finalized'
        BEGIN SELECT RAISE(ABORT, 'the PDF of a finalized report is immutable'); END;
      CREATE TRIGGER report_pdfs_immutable_delete BEFORE DELETE ON report_pdfs
        WHEN (SELECT status FROM reports WHERE id = OLD.report_id) = 'finalized'
        BEGIN SELECT RAISE(ABORT, 'the PDF of a finalized report is immutable'); END;
      -- Cassettes change only while their report is a draft.
      CREATE TRIGGER report_cassettes_draft_insert BEFORE INSERT ON report_cassettes
        WHEN (SELECT status FROM reports WHERE id = NEW.report_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'cassettes change only while the report is a draft'); END;
      CREATE TRIGGER report_cassettes_draft_update BEFORE UPDATE ON report_cassettes
        WHEN (SELECT status FROM reports WHERE id = OLD.report_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'cassettes change only while the report is a draft'); END;
      CREATE TRIGGER report_cassettes_draft_delete BEFORE DELETE ON report_cassettes
        WHEN (SELECT status FROM reports WHERE id = OLD.report_id) <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'cassettes change only while the report is a draft'); END;
    `)
  }
}
