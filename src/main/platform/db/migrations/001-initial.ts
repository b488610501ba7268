import type { Migration } from './index'

/**
 * The bench's own tables. Ids are UUIDv7 text made on the bench; tables keep SQLite's rowid
 * (no WITHOUT ROWID) so the FTS index can point at protocols by integer rowid.
 * Soft deletes (`deleted_at`) because sync must be able to tell "deleted" from "never seen".
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE veterinarians (
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        clinic TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        licence TEXT NOT NULL DEFAULT '',
        demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX veterinarians_name ON veterinarians(name);

      CREATE TABLE protocols (
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('HP', 'CT')),
        year INTEGER,
        seq INTEGER,
        number TEXT,
        external_id TEXT UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('registered', 'received', 'rejected', 'processing', 'reported', 'voided')),
        veterinarian_id TEXT NOT NULL REFERENCES veterinarians(id),
        animal_name TEXT NOT NULL,
        species TEXT NOT NULL,
        breed TEXT NOT NULL DEFAULT '',
        sex TEXT NOT NULL DEFAULT 'unknown',
        age TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        sample_type TEXT NOT NULL,
        fixative TEXT NOT NULL DEFAULT '',
        containers_json TEXT NOT NULL DEFAULT '[]',
        rejection_reason TEXT,
        received_at TEXT,
        received_by TEXT,
        demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        -- A number is never given twice, even to a voided protocol.
        UNIQUE (type, year, seq)
      );
      CREATE INDEX protocols_status ON protocols(status, created_at);
      CREATE INDEX protocols_veterinarian ON protocols(veterinarian_id, created_at);
      CREATE INDEX protocols_received_at ON protocols(received_at);
      CREATE INDEX protocols_deleted ON protocols(deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE protocol_status_history (
        id TEXT NOT NULL UNIQUE,
        protocol_id TEXT NOT NULL REFERENCES protocols(id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX protocol_status_history_protocol ON protocol_status_history(protocol_id, at);

      -- Contentless: the index keeps only tokens; rows are read from protocols by rowid.
      -- remove_diacritics so 'pena' finds 'Peña'; prefix indexes keep type-ahead queries fast.
      CREATE VIRTUAL TABLE protocols_fts USING fts5(
        number, animal, owner, veterinarian, external_id,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TABLE services (
        id TEXT NOT NULL UNIQUE,
        code TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL,
        unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
        tax_rate_percent REAL NOT NULL DEFAULT 21,
        active INTEGER NOT NULL DEFAULT 1,
        demo INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );

      CREATE TABLE work_orders (
        id TEXT NOT NULL UNIQUE,
        number TEXT,
        veterinarian_id TEXT NOT NULL REFERENCES veterinarians(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'cancelled')),
        version INTEGER NOT NULL DEFAULT 1,
        supersedes_id TEXT REFERENCES work_orders(id),
        discount_percent REAL NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        issued_at TEXT,
        demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX work_orders_veterinarian ON work_orders(veterinarian_id, created_at);

      CREATE TABLE work_order_lines (
        id TEXT NOT NULL UNIQUE,
        work_order_id TEXT NOT NULL REFERENCES work_orders(id),
        position INTEGER NOT NULL,
        protocol_id TEXT REFERENCES protocols(id),
        service_id TEXT REFERENCES services(id),
        code TEXT NOT NULL,
        description TEXT NOT NULL,
        unit_price_cents INTEGER NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        discount_percent REAL NOT NULL DEFAULT 0,
        tax_rate_percent REAL NOT NULL DEFAULT 21
      );
      CREATE INDEX work_order_lines_order ON work_order_lines(work_order_id, position);

      CREATE TABLE reports (
        id TEXT NOT NULL UNIQUE,
        protocol_id TEXT NOT NULL REFERENCES protocols(id),
        version INTEGER NOT NULL DEFAULT 1,
        amends_id TEXT REFERENCES reports(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'finalizing', 'finalized')),
        macroscopy TEXT NOT NULL DEFAULT '',
        diagnosis TEXT NOT NULL DEFAULT '',
        comments TEXT NOT NULL DEFAULT '',
        pathologist TEXT NOT NULL DEFAULT '',
        finalized_at TEXT,
        pdf_sha256 TEXT,
        demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        UNIQUE (protocol_id, version)
      );

      CREATE TABLE report_cassettes (
        id TEXT NOT NULL UNIQUE,
        report_id TEXT NOT NULL REFERENCES reports(id),
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        tissue TEXT NOT NULL DEFAULT '',
        pieces INTEGER NOT NULL DEFAULT 1,
        microscopy TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX report_cassettes_report ON report_cassettes(report_id, position);

      CREATE TABLE audit_log (
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT
      );
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, at);

      -- AUTOINCREMENT: an operation number is never reused, even after the newest row is deleted.
      CREATE TABLE outbox (
        op_seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        payload_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        acked_at TEXT
      );
      CREATE INDEX outbox_pending ON outbox(acked_at, op_seq);
      CREATE INDEX outbox_entity ON outbox(entity, entity_id);
    `)
  }
}
