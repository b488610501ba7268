import type { Db } from '../../platform/db/database'

/** The exact bytes a label was printed with, per protocol and content hash. */
export function createLabelsRepository(db: Db) {
  const find = db.prepare<[string, string], { bytes: Buffer }>(`SELECT bytes FROM protocol_labels WHERE protocol_id = ? AND content_hash = ?`)
  const insert = db.prepare(
    `INSERT OR IGNORE INTO protocol_labels (protocol_id, content_hash, language, bytes, created_at) VALUES (?, ?, ?, ?, ?)`
  )
  return {
    find(protocolId: string, contentHash: string): Uint8Array | null {
      const row = find.get(protocolId, contentHash)
      return row ? new Uint8Array(row.bytes) : null
    },
    store(protocolId: string, contentHash: string, language: string, bytes: Uint8Array, at: string): void {
      insert.run(protocolId, contentHash, language, Buffer.from(bytes), at)
    }
  }
}
export type LabelsRepository = ReturnType<typeof createLabelsRepository>
