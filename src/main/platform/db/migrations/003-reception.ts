import type { Migration } from './index'

/**
 * Number blocks and stored label bytes.
 * A block is a closed range of sequence numbers this bench may hand out for one (type, year):
 * leased from the central server, or the per-bench fallback range configured at pairing.
 */
export const receptionSchema: Migration = {
  version: 3,
  name: 'reception',
  up(db) {
    db.exec(`
      CREATE TABLE number_blocks (
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('HP', 'CT')),
        year INTEGER NOT NULL,
        range_start INTEGER NOT NULL,
        range_end INTEGER NOT NULL,
        next_seq INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('server', 'local')),
        created_at TEXT NOT NULL,
        CHECK (range_start <= range_end),
        CHECK (next_seq BETWEEN range_start AND range_end + 1)
      );
      CREATE INDEX number_blocks_open ON number_blocks(type, year, range_start);

      -- The bytes that went to the printer, kept so a reprint is byte-identical. A changed
      -- protocol or printer setup has another content hash and so gets a new row.
      CREATE TABLE protocol_labels (
        protocol_id TEXT NOT NULL REFERENCES protocols(id),
        content_hash TEXT NOT NULL,
        language TEXT NOT NULL,
        bytes BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (protocol_id, content_hash)
      );
    `)
  }
}
