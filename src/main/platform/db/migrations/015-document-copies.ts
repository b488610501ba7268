import type { Migration } from './index'

/**
 * Work orders and reports travel between benches with their PDF bytes (docs/sync-api.md,
 * "Document blobs"). One row per document whose PDF sync deals with:
 *
 * - made here (`origin = 'here'`): `state = 'uploaded'` once the server holds its PDF, so a round
 *   uploads each PDF once;
 * - made at another bench (`origin = 'elsewhere'`): `state = 'wanted'` until the bytes came and
 *   matched `pdf_sha256`, then `'stored'`; `'refused'` when the bytes did not match (kept out,
 *   asked again next round). Such a document is read-only here.
 *
 * A finalized report from elsewhere waits in `staged_json` until its PDF is here: a report is
 * finalized on this bench only together with its stored PDF (the triggers of migration 006).
 */
export const documentCopiesSchema: Migration = {
  version: 15,
  name: 'document-copies',
  up(db) {
    db.exec(`
      CREATE TABLE document_copies (
        entity TEXT NOT NULL CHECK (entity IN ('work_order', 'report')),
        entity_id TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('here', 'elsewhere')),
        pdf_sha256 TEXT,
        state TEXT NOT NULL CHECK (state IN ('uploaded', 'wanted', 'stored', 'refused')),
        protocol_id TEXT,
        staged_json TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id)
      );
      CREATE INDEX document_copies_wanted ON document_copies(state) WHERE state IN ('wanted', 'refused');
      CREATE INDEX document_copies_protocol ON document_copies(protocol_id) WHERE protocol_id IS NOT NULL;
    `)
  }
}
