import type { Db } from '../../platform/db/database'

export interface ArtifactRecord {
  key: string
  kind: string
  templateVersion: number
  byteLength: number
  /** Of the stored bytes, checked when the file is read back. */
  sha256: string
  createdAt: string
  lastUsedAt: string
}

interface ArtifactRow {
  key: string
  kind: string
  template_version: number
  byte_length: number
  sha256: string
  created_at: string
  last_used_at: string
}

const toRecord = (row: ArtifactRow): ArtifactRecord => ({
  key: row.key,
  kind: row.kind,
  templateVersion: row.template_version,
  byteLength: row.byte_length,
  sha256: row.sha256,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at
})

/** Rendered documents kept by content key, and who still refers to them. The files themselves live on disk. */
export function createArtifactsRepository(db: Db) {
  const get = db.prepare<[string], ArtifactRow>(`SELECT * FROM artifacts WHERE key = ?`)
  const upsert = db.prepare(
    `INSERT INTO artifacts (key, kind, template_version, byte_length, sha256, created_at, last_used_at)
     VALUES (@key, @kind, @templateVersion, @byteLength, @sha256, @createdAt, @lastUsedAt)
     ON CONFLICT (key) DO UPDATE SET byte_length = excluded.byte_length, sha256 = excluded.sha256, last_used_at = excluded.last_used_at`
  )
  // Only when stale: a view of a fresh artifact costs no write.
  const touch = db.prepare(`UPDATE artifacts SET last_used_at = ? WHERE key = ? AND last_used_at < ?`)
  const remove = db.prepare(`DELETE FROM artifacts WHERE key = ?`)
  const setRef = db.prepare(
    `INSERT INTO artifact_refs (owner, role, key, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (owner, role) DO UPDATE SET key = excluded.key, updated_at = excluded.updated_at`
  )
  const dropRef = db.prepare(`DELETE FROM artifact_refs WHERE owner = ? AND role = ?`)
  const getRef = db.prepare<[string, string], { key: string }>(`SELECT key FROM artifact_refs WHERE owner = ? AND role = ?`)
  const unreferenced = db.prepare<[string, number], ArtifactRow>(
    `SELECT * FROM artifacts a
     WHERE a.last_used_at < ? AND NOT EXISTS (SELECT 1 FROM artifact_refs r WHERE r.key = a.key)
     ORDER BY a.last_used_at LIMIT ?`
  )
  const allKeys = db.prepare<[], { key: string }>(`SELECT key FROM artifacts`)
  return {
    get(key: string): ArtifactRecord | null {
      const row = get.get(key)
      return row ? toRecord(row) : null
    },
    save(record: ArtifactRecord): void {
      upsert.run(record)
    },
    touch(key: string, at: string, staleBefore: string): void {
      touch.run(at, key, staleBefore)
    },
    remove(key: string): void {
      remove.run(key)
    },
    /** The owner (e.g. `work_order:<id>`) now needs this artifact for this role; its previous one is released. */
    reference(owner: string, role: string, key: string, at: string): void {
      setRef.run(owner, role, key, at)
    },
    release(owner: string, role: string): void {
      dropRef.run(owner, role)
    },
    referenced(owner: string, role: string): string | null {
      return getRef.get(owner, role)?.key ?? null
    },
    /** Artifacts no owner refers to and nobody viewed since `before`: safe to delete. */
    unreferencedBefore(before: string, limit: number): ArtifactRecord[] {
      return unreferenced.all(before, limit).map(toRecord)
    },
    keys(): Set<string> {
      return new Set(allKeys.all().map((row) => row.key))
    }
  }
}
export type ArtifactsRepository = ReturnType<typeof createArtifactsRepository>
