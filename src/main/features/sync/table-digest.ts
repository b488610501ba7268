/**
 * Drift check of sync protocol v1: per table, the count of live rows and the XOR of
 * SHA-256(`${id}\n${version}`) over them. XOR makes the digest independent of row order (no
 * collation can disagree) and lets the server keep it up to date row by row as changes commit;
 * the bench computes the same over its copy of the server rows (rows it has never pushed are
 * left out because they have no server version yet).
 */
import { createHash } from 'node:crypto'

export const EMPTY_DIGEST_HEX = '0'.repeat(64)

export function rowDigest(id: string, version: number): Buffer {
  return createHash('sha256').update(`${id}\n${version}`).digest()
}

/** XORs `row` into `acc` in place (adding and removing a row are the same operation). */
export function xorInto(acc: Buffer, row: Buffer): void {
  for (let i = 0; i < 32; i += 1) acc[i] = acc[i]! ^ row[i]!
}

export function digestFromHex(hex: string): Buffer {
  return Buffer.from(hex, 'hex')
}

export function tableDigest(rows: Iterable<{ id: string; version: number }>): { count: number; hash: string } {
  const acc = Buffer.alloc(32)
  let count = 0
  for (const row of rows) {
    xorInto(acc, rowDigest(row.id, row.version))
    count += 1
  }
  return { count, hash: acc.toString('hex') }
}
