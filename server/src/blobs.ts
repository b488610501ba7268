/**
 * Document blobs (docs/sync-api.md, "Document blobs"): the PDF bytes of issued work orders and
 * finalized reports, stored by the SHA-256 of their bytes. The name is checked against the bytes
 * before anything is written, so the server never holds (or hands out) bytes under a wrong name.
 */
import { createHash } from 'node:crypto'
import { BLOB_LATER, BLOB_MISSING, MAX_BLOB_BYTES, type BlobPutResponse } from '../../src/shared/sync-protocol'
import type { Device } from './auth'
import { ApiError } from './http'
import type { Storage } from './storage/types'

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

export async function putBlob(storage: Storage, device: Device, sha256: string, bytes: Buffer, now: number): Promise<BlobPutResponse> {
  const actual = sha256Hex(bytes)
  if (actual !== sha256) {
    throw new ApiError(400, 'blob_hash_mismatch', `the bytes hash to ${actual}, not to ${sha256}`, { expected: sha256, actual })
  }
  const inserted = await storage.write((sql) =>
    sql.run('INSERT INTO blobs (sha256, size, content, device_id, stored_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
      sha256,
      bytes.length,
      bytes,
      device.id,
      now
    ])
  )
  return { sha256, size: bytes.length, stored: inserted === 1 }
}

export async function getBlob(storage: Storage, sha256: string): Promise<Buffer> {
  const row = await storage.read((sql) => sql.get<{ content: Buffer }>('SELECT content FROM blobs WHERE sha256 = ?', [sha256]))
  if (!row) throw new ApiError(404, 'not_found', `no blob ${sha256}`)
  return Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content)
}

/** Several blobs for one request: their bytes in the order asked and each one's size (or why it is absent). */
export async function getBlobs(storage: Storage, names: readonly string[]): Promise<{ sizes: number[]; bytes: Buffer }> {
  const rows = await storage.read((sql) =>
    sql.all<{ sha256: string; content: Buffer }>(`SELECT sha256, content FROM blobs WHERE sha256 IN (${names.map(() => '?').join(', ')})`, [...names])
  )
  const found = new Map(rows.map((row) => [row.sha256, Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content)]))
  const parts: Buffer[] = []
  const sizes: number[] = []
  let total = 0
  for (const name of names) {
    const content = found.get(name)
    if (!content) sizes.push(BLOB_MISSING)
    else if (parts.length > 0 && total + content.length > MAX_BLOB_BYTES) sizes.push(BLOB_LATER)
    else {
      parts.push(content)
      sizes.push(content.length)
      total += content.length
    }
  }
  return { sizes, bytes: Buffer.concat(parts) }
}

/** The names among `names` the server holds no bytes for (the asking bench uploads them again). */
export async function missingBlobs(storage: Storage, names: readonly string[]): Promise<{ missing: string[] }> {
  const unique = [...new Set(names)]
  const rows = await storage.read((sql) => sql.all<{ sha256: string }>(`SELECT sha256 FROM blobs WHERE sha256 IN (${unique.map(() => '?').join(', ')})`, unique))
  const held = new Set(rows.map((row) => row.sha256))
  return { missing: unique.filter((name) => !held.has(name)) }
}
