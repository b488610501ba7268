/**
 * Server schema, one SQL text per version that SQLite and PostgreSQL both accept. The pending
 * migrations run in one transaction with their bookkeeping rows (DDL is transactional on both).
 */
import type { Storage } from './types'

interface Migration {
  version: number
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value BIGINT NOT NULL
      );
      INSERT INTO counters (name, value) VALUES ('server_seq', 0);

      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('bench', 'lab')),
        secret TEXT NOT NULL,
        last_op_seq BIGINT NOT NULL DEFAULT 0,
        paired_at TEXT NOT NULL,
        last_seen_at BIGINT NOT NULL DEFAULT 0,
        revoked_at TEXT
      );

      -- Only a hash of each code is kept; a code is consumed by the one pairing that uses it.
      CREATE TABLE pairing_codes (
        code_hash TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at TEXT,
        device_id TEXT
      );

      CREATE TABLE nonces (
        device_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (device_id, nonce)
      );
      CREATE INDEX nonces_expiry ON nonces (expires_at);

      CREATE TABLE number_counters (
        type TEXT NOT NULL,
        year BIGINT NOT NULL,
        next_start BIGINT NOT NULL,
        PRIMARY KEY (type, year)
      );

      CREATE TABLE number_blocks (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        type TEXT NOT NULL,
        year BIGINT NOT NULL,
        start_seq BIGINT NOT NULL,
        end_seq BIGINT NOT NULL,
        used_max BIGINT NOT NULL DEFAULT 0,
        leased_at TEXT NOT NULL,
        UNIQUE (type, year, start_seq)
      );
      CREATE INDEX number_blocks_device ON number_blocks (device_id, type, year);

      -- Every number ever accepted, also of deleted protocols: a number is never given twice.
      CREATE TABLE protocol_numbers (
        type TEXT NOT NULL,
        year BIGINT NOT NULL,
        seq BIGINT NOT NULL,
        protocol_id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        PRIMARY KEY (type, year, seq)
      );

      -- version: server sequence number of the row's latest change (unique, only grows).
      -- field_meta: per field, the version and writer role of its last change (conflict rules).
      CREATE TABLE records (
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        fields TEXT NOT NULL,
        field_meta TEXT NOT NULL,
        version BIGINT NOT NULL UNIQUE,
        deleted_at TEXT,
        PRIMARY KEY (entity, id)
      );

      CREATE TABLE entity_digests (
        entity TEXT PRIMARY KEY,
        row_count BIGINT NOT NULL,
        hash TEXT NOT NULL
      );

      CREATE TABLE mail_queue (
        notification_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX mail_queue_due ON mail_queue (status, next_attempt_at);
    `
  },
  {
    version: 2,
    sql: `
      -- Ranges a bench numbered from before it held a block (its local fallback range), registered
      -- as that device's. They may overlap the device's own leased blocks, never another device's.
      CREATE TABLE number_claims (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        type TEXT NOT NULL,
        year BIGINT NOT NULL,
        start_seq BIGINT NOT NULL,
        end_seq BIGINT NOT NULL,
        claimed_at TEXT NOT NULL
      );
      CREATE INDEX number_claims_range ON number_claims (type, year, start_seq);
      CREATE INDEX number_claims_device ON number_claims (device_id, type, year);
    `
  },
  {
    version: 3,
    sql: `
      -- The device a row belongs to (ownership.ts); NULL: nobody yet, or a row written before
      -- ownership was recorded. A numbered protocol belongs to the device that numbered it.
      ALTER TABLE records ADD COLUMN owner_device TEXT;
      UPDATE records SET owner_device = (SELECT device_id FROM protocol_numbers WHERE protocol_id = records.id)
        WHERE entity = 'protocol';
    `
  },
  {
    version: 4,
    sql: `
      -- Work-order numbers (OT yy/nnnn, an invoice series) are leased and claimed like protocol
      -- numbers (number_counters, number_blocks and number_claims with type 'OT'); every one ever
      -- accepted is kept here, so none is given twice lab-wide, also after a bench is wiped.
      CREATE TABLE work_order_numbers (
        year BIGINT NOT NULL,
        seq BIGINT NOT NULL,
        work_order_id TEXT NOT NULL UNIQUE,
        device_id TEXT NOT NULL,
        PRIMARY KEY (year, seq)
      );
    `
  },
  {
    version: 5,
    sql: `
      -- Secret rotation (rotate.ts): the secret a device had before its last rotation, accepted
      -- until previous_secret_until (epoch ms) so requests signed just before still pass.
      ALTER TABLE devices ADD COLUMN previous_secret TEXT;
      ALTER TABLE devices ADD COLUMN previous_secret_until BIGINT;
    `
  },
  {
    version: 6,
    sql: `
      -- Document PDFs (issued work orders, finalized reports) by the SHA-256 of their bytes: a
      -- row is written only after its bytes were checked against the name, and never changes.
      -- BYTEA is PostgreSQL's bytes type; SQLite stores the bytes as a BLOB under that name.
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size BIGINT NOT NULL,
        content BYTEA NOT NULL,
        device_id TEXT NOT NULL,
        stored_at BIGINT NOT NULL
      );

      -- Every report version the server holds, so a second v1 (or a fork of an amendment) made
      -- at another bench is refused: a protocol reported anywhere takes amendments only.
      CREATE TABLE report_versions (
        protocol_id TEXT NOT NULL,
        version BIGINT NOT NULL,
        report_id TEXT NOT NULL UNIQUE,
        PRIMARY KEY (protocol_id, version)
      );
    `
  },
  {
    version: 7,
    sql: `
      -- Several server processes may send mail (mailer.ts): a process claims due rows until
      -- claimed_until (epoch ms) so no other process sends them meanwhile; a process that dies
      -- mid-send lets its claim lapse and another one retries.
      ALTER TABLE mail_queue ADD COLUMN claimed_until BIGINT;

      -- Failed pairing codes per client address (pairing.ts), shared so every server process
      -- behind a balancer counts the same guesses.
      CREATE TABLE pairing_failures (
        throttle_key TEXT NOT NULL,
        failed_at BIGINT NOT NULL
      );
      CREATE INDEX pairing_failures_by_time ON pairing_failures (failed_at);
      CREATE INDEX pairing_failures_by_key ON pairing_failures (throttle_key, failed_at);
    `
  }
]

export class SchemaFromFutureError extends Error {
  constructor(found: number, known: number) {
    super(`server database schema ${found} is newer than this server understands (${known}); update the server`)
    this.name = 'SchemaFromFutureError'
  }
}

/** Any fixed key: every server process migrating a PostgreSQL database takes this one lock first. */
const MIGRATION_LOCK_KEY = 7_318_245_001

/**
 * Brings the schema up to date in one transaction. Several server processes may start at once
 * on one PostgreSQL (behind a load balancer): the first to take the advisory lock migrates, the
 * others wait for it and then find nothing left to do. On SQLite the write transaction is
 * already exclusive.
 */
export async function migrate(storage: Storage): Promise<number[]> {
  const known = Math.max(...MIGRATIONS.map((m) => m.version))
  return storage.write(async (sql) => {
    if (storage.kind === 'postgres') await sql.get('SELECT pg_advisory_xact_lock(?) AS locked', [MIGRATION_LOCK_KEY])
    await sql.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)')
    const current = (await sql.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations'))?.v ?? 0
    if (current > known) throw new SchemaFromFutureError(current, known)
    const applied: number[] = []
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue
      await sql.exec(migration.sql)
      await sql.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [migration.version, new Date().toISOString()])
      applied.push(migration.version)
    }
    return applied
  })
}
