/**
 * The writes of one transaction to the synchronised records: hands out server sequence numbers
 * (under the lock of the counter row, which serialises writers so sequence order is commit
 * order), stores rows, and keeps each table's drift digest up to date.
 *
 * Every writer of the lab network meets at that one counter row, so it is locked as late and as
 * briefly as possible: a transaction reads, checks and claims numbers first, while its changes
 * wait here under provisional versions; `finish` then locks the counter, takes all its versions
 * with one statement, checks that no row it read was changed meanwhile by another transaction
 * (if one was, the transaction runs again, as after a serialization failure), and writes the
 * rows and digests in a few statements. Held for a whole push, the lock capped a lab at one
 * push's statement round trips at a time (profiled: the server idle, pushes queued behind it).
 */
import type { Fields, SyncEntity } from '../../src/shared/sync-protocol'
import { digestFromHex, EMPTY_DIGEST_HEX, rowDigest, xorInto } from '../../src/main/features/sync/table-digest'
import type { FieldMeta } from './conflict-rules'
import type { Sql, SqlParam } from './storage/types'

export interface StoredRecord {
  fields: Fields
  meta: FieldMeta
  version: number
  deletedAt: string | null
  /** The device the row belongs to (ownership.ts), or null. */
  owner: string | null
}

interface DigestDelta {
  count: number
  xor: Buffer
}

/**
 * Versions handed out before the counter is locked: far above any real version (so a check
 * against what a bench has seen treats them as the newest), far below 2^53, mapped to the real
 * ones by `finish`.
 */
const PROVISIONAL = 2 ** 52

/** Rows per statement: a push of a thousand operations stays within SQLite's expression depth and variable limits. */
const ROWS_PER_STATEMENT = 200

function inChunks<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) chunks.push(items.slice(i, i + ROWS_PER_STATEMENT))
  return chunks
}

interface PendingRow {
  entity: SyncEntity
  id: string
  /** The row as this transaction first read it from the table (null: it did not exist). */
  committed: StoredRecord | null
  next: StoredRecord
}

/** What PostgreSQL calls a serialization failure: storage.write runs the transaction again. */
export class RowChangedMeanwhile extends Error {
  readonly code = '40001'
  constructor(entity: SyncEntity, id: string) {
    super(`${entity} ${id} was changed by another transaction meanwhile`)
  }
}

interface RecordRow {
  fields: string
  field_meta: string
  version: number
  deleted_at: string | null
  owner_device: string | null
}

const RECORD_COLUMNS = 'fields, field_meta, version, deleted_at, owner_device'

function storedRecord(row: RecordRow): StoredRecord {
  return {
    fields: JSON.parse(row.fields),
    meta: JSON.parse(row.field_meta),
    version: row.version,
    deletedAt: row.deleted_at,
    owner: row.owner_device
  }
}

export async function readRecord(sql: Sql, entity: SyncEntity, id: string): Promise<StoredRecord | null> {
  const row = await sql.get<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE entity = ? AND id = ?`, [entity, id])
  return row ? storedRecord(row) : null
}

export class ChangeSet {
  private readonly pending = new Map<string, PendingRow>()
  /** Rows read by `readAhead`, as the table held them (null: absent). */
  private readonly readEarlier = new Map<string, StoredRecord | null>()
  private saved = 0

  private constructor(private readonly sql: Sql) {}

  /** Nothing is locked yet: see `finish`. */
  static async begin(sql: Sql): Promise<ChangeSet> {
    return new ChangeSet(sql)
  }

  /** The (provisional) version the next saved change will get. */
  peekVersion(): number {
    return PROVISIONAL + this.saved + 1
  }

  /** The row as this transaction sees it: its own unsaved change, else the table's. */
  async read(entity: SyncEntity, id: string): Promise<StoredRecord | null> {
    const own = this.pending.get(`${entity}\u0000${id}`)
    if (own) return own.next
    const earlier = this.readEarlier.get(`${entity}\u0000${id}`)
    if (earlier !== undefined) return earlier
    return readRecord(this.sql, entity, id)
  }

  /** Reads the rows a batch will touch with one statement per chunk instead of one each. */
  async readAhead(rows: readonly { entity: SyncEntity; id: string }[]): Promise<void> {
    for (const chunk of inChunks(rows)) {
      const found = await this.sql.all<RecordRow & { entity: SyncEntity; id: string }>(
        `SELECT entity, id, ${RECORD_COLUMNS} FROM records WHERE ${chunk.map(() => '(entity = ? AND id = ?)').join(' OR ')}`,
        chunk.flatMap(({ entity, id }) => [entity, id])
      )
      for (const { entity, id } of chunk) this.readEarlier.set(`${entity}\u0000${id}`, null)
      for (const row of found) this.readEarlier.set(`${row.entity}\u0000${row.id}`, storedRecord(row))
    }
  }

  /** Keeps the new state of a row under the next (provisional) version and returns that version. */
  async save(entity: SyncEntity, id: string, previous: StoredRecord | null, next: Omit<StoredRecord, 'version'>): Promise<number> {
    this.saved += 1
    const version = PROVISIONAL + this.saved
    const key = `${entity}\u0000${id}`
    const earlier = this.pending.get(key)
    this.pending.set(key, { entity, id, committed: earlier ? earlier.committed : previous, next: { ...next, version } })
    return version
  }

  /**
   * Locks the counter, gives the changes their versions, writes them and the digests; call once,
   * last, inside the same transaction. Returns the map from the versions handed out to the real ones.
   */
  async finish(): Promise<(version: number) => number> {
    if (this.saved === 0) return (version) => version
    const top = (await this.sql.get<{ value: number }>("UPDATE counters SET value = value + ? WHERE name = 'server_seq' RETURNING value", [this.saved]))!.value
    const real = (version: number) => (version > PROVISIONAL ? top - this.saved + (version - PROVISIONAL) : version)
    const rows = [...this.pending.values()]
    await this.checkUnchanged(rows)

    for (const chunk of inChunks(rows)) {
      const values: SqlParam[] = []
      for (const { entity, id, next } of chunk) {
        const meta: FieldMeta = {}
        for (const [field, stamp] of Object.entries(next.meta)) meta[field] = { ...stamp, v: real(stamp.v) }
        values.push(entity, id, JSON.stringify(next.fields), JSON.stringify(meta), real(next.version), next.deletedAt, next.owner)
      }
      await this.sql.run(
        `INSERT INTO records (entity, id, fields, field_meta, version, deleted_at, owner_device) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, field_meta = excluded.field_meta,
           version = excluded.version, deleted_at = excluded.deleted_at, owner_device = excluded.owner_device`,
        values
      )
    }
    await this.writeDigests(rows, real)
    return real
  }

  /** Under the counter lock no other writer runs: a row read earlier must still be as it was read. */
  private async checkUnchanged(rows: readonly PendingRow[]): Promise<void> {
    const found: { entity: SyncEntity; id: string; version: number }[] = []
    for (const chunk of inChunks(rows)) {
      found.push(
        ...(await this.sql.all<{ entity: SyncEntity; id: string; version: number }>(
          `SELECT entity, id, version FROM records WHERE ${chunk.map(() => '(entity = ? AND id = ?)').join(' OR ')}`,
          chunk.flatMap(({ entity, id }) => [entity, id])
        ))
      )
    }
    const versions = new Map(found.map((row) => [`${row.entity}\u0000${row.id}`, row.version]))
    for (const { entity, id, committed } of rows) {
      if ((versions.get(`${entity}\u0000${id}`) ?? null) !== (committed?.version ?? null)) throw new RowChangedMeanwhile(entity, id)
    }
  }

  private async writeDigests(rows: readonly PendingRow[], real: (version: number) => number): Promise<void> {
    const deltas = new Map<SyncEntity, DigestDelta>()
    for (const { entity, id, committed, next } of rows) {
      let delta = deltas.get(entity)
      if (!delta) deltas.set(entity, (delta = { count: 0, xor: Buffer.alloc(32) }))
      if (committed && committed.deletedAt === null) {
        xorInto(delta.xor, rowDigest(id, committed.version))
        delta.count -= 1
      }
      if (next.deletedAt === null) {
        xorInto(delta.xor, rowDigest(id, real(next.version)))
        delta.count += 1
      }
    }
    const entities = [...deltas.keys()]
    const stored = await this.sql.all<{ entity: SyncEntity; row_count: number; hash: string }>(
      `SELECT entity, row_count, hash FROM entity_digests WHERE entity IN (${entities.map(() => '?').join(', ')})`,
      entities
    )
    const values: SqlParam[] = []
    for (const [entity, delta] of deltas) {
      const row = stored.find((digest) => digest.entity === entity)
      const hash = digestFromHex(row?.hash ?? EMPTY_DIGEST_HEX)
      xorInto(hash, delta.xor)
      values.push(entity, (row?.row_count ?? 0) + delta.count, hash.toString('hex'))
    }
    await this.sql.run(
      `INSERT INTO entity_digests (entity, row_count, hash) VALUES ${entities.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT (entity) DO UPDATE SET row_count = excluded.row_count, hash = excluded.hash`,
      values
    )
  }
}
