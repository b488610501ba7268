/**
 * The writes of one transaction to the synchronised records: hands out server sequence numbers
 * (after locking the counter row, which serialises writers so sequence order is commit order),
 * stores rows, and keeps each table's drift digest up to date.
 */
import type { Fields, SyncEntity } from '../../src/shared/sync-protocol'
import { digestFromHex, EMPTY_DIGEST_HEX, rowDigest, xorInto } from '../../src/main/features/sync/table-digest'
import type { FieldMeta } from './conflict-rules'
import type { Sql } from './storage/types'

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

export async function readRecord(sql: Sql, entity: SyncEntity, id: string): Promise<StoredRecord | null> {
  const row = await sql.get<{ fields: string; field_meta: string; version: number; deleted_at: string | null; owner_device: string | null }>(
    'SELECT fields, field_meta, version, deleted_at, owner_device FROM records WHERE entity = ? AND id = ?',
    [entity, id]
  )
  if (!row) return null
  return {
    fields: JSON.parse(row.fields),
    meta: JSON.parse(row.field_meta),
    version: row.version,
    deletedAt: row.deleted_at,
    owner: row.owner_device
  }
}

export class ChangeSet {
  private readonly digests = new Map<SyncEntity, DigestDelta>()

  private constructor(
    private readonly sql: Sql,
    private seq: number
  ) {}

  /** Locks the sequence counter for the rest of the transaction. */
  static async begin(sql: Sql): Promise<ChangeSet> {
    const row = await sql.get<{ value: number }>("UPDATE counters SET value = value WHERE name = 'server_seq' RETURNING value")
    return new ChangeSet(sql, row!.value)
  }

  /** The version the next saved change will get. */
  peekVersion(): number {
    return this.seq + 1
  }

  /** Stores the new state of a row under the next version and returns that version. */
  async save(entity: SyncEntity, id: string, previous: StoredRecord | null, next: Omit<StoredRecord, 'version'>): Promise<number> {
    this.seq += 1
    const version = this.seq
    await this.sql.run(
      `INSERT INTO records (entity, id, fields, field_meta, version, deleted_at, owner_device) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, field_meta = excluded.field_meta,
         version = excluded.version, deleted_at = excluded.deleted_at, owner_device = excluded.owner_device`,
      [entity, id, JSON.stringify(next.fields), JSON.stringify(next.meta), version, next.deletedAt, next.owner]
    )
    const delta = this.delta(entity)
    if (previous && previous.deletedAt === null) {
      xorInto(delta.xor, rowDigest(id, previous.version))
      delta.count -= 1
    }
    if (next.deletedAt === null) {
      xorInto(delta.xor, rowDigest(id, version))
      delta.count += 1
    }
    return version
  }

  /** Writes the counter and the digests; call once, last, inside the same transaction. */
  async finish(): Promise<void> {
    await this.sql.run("UPDATE counters SET value = ? WHERE name = 'server_seq'", [this.seq])
    for (const [entity, delta] of this.digests) {
      const row = await this.sql.get<{ row_count: number; hash: string }>(
        'SELECT row_count, hash FROM entity_digests WHERE entity = ?',
        [entity]
      )
      const hash = digestFromHex(row?.hash ?? EMPTY_DIGEST_HEX)
      xorInto(hash, delta.xor)
      await this.sql.run(
        `INSERT INTO entity_digests (entity, row_count, hash) VALUES (?, ?, ?)
         ON CONFLICT (entity) DO UPDATE SET row_count = excluded.row_count, hash = excluded.hash`,
        [entity, (row?.row_count ?? 0) + delta.count, hash.toString('hex')]
      )
    }
  }

  private delta(entity: SyncEntity): DigestDelta {
    let delta = this.digests.get(entity)
    if (!delta) {
      delta = { count: 0, xor: Buffer.alloc(32) }
      this.digests.set(entity, delta)
    }
    return delta
  }
}
