import type { Db } from '../../platform/db/database'
import type { ProtocolFilter } from '../../../shared/exports'
import { parseScan, type Scan } from '../../../shared/scan'
import { ALIASED_PROTOCOL_IDS, protocolFilterSql, toFtsQuery } from './protocols-repository'

/**
 * The rows `protocols.search` would page through for a filter, as SQL pieces without paging:
 * exports walk them in keyset chunks and bulk actions select them all. The same cases as the
 * search: an exact protocol number or scanned QR, full-text words, or filters only.
 * `key` is the column the order and the keyset use (newest first, like the list).
 */
export interface ProtocolMatchSql {
  from: string
  where: string
  params: unknown[]
  key: string
}

const JOIN_VETERINARIAN = 'JOIN veterinarians v ON v.id = p.veterinarian_id'

/** What the search finds for a scanned number or QR, as SQL: the same protocols the search lists first. */
function scannedMatch(scan: Scan): { where: string; params: unknown[] } | null {
  switch (scan.kind) {
    case 'number':
      // A renumbered protocol is still found by the number on its first label, as in the search.
      return {
        where: `(p.type = ? AND p.year = ? AND p.seq = ?
                 OR p.id IN (${ALIASED_PROTOCOL_IDS}))
                AND p.deleted_at IS NULL`,
        params: [scan.type, 2000 + scan.yy, scan.seq, scan.type, 2000 + scan.yy, scan.seq]
      }
    case 'id':
      return { where: 'p.id = ? AND p.deleted_at IS NULL', params: [scan.id] }
    case 'external':
      return { where: 'p.external_id = ? AND p.deleted_at IS NULL', params: [scan.externalId] }
    default:
      return null
  }
}

export function protocolMatchSql(db: Db, filter: ProtocolFilter): ProtocolMatchSql {
  const scanned = scannedMatch(parseScan(filter.text))
  if (scanned) {
    const found = db.prepare(`SELECT 1 FROM protocols p WHERE ${scanned.where}`).get(...scanned.params)
    // Like the search: a number or QR that matches nothing falls through to the words.
    if (found) return { from: `protocols p ${JOIN_VETERINARIAN}`, where: scanned.where, params: scanned.params, key: 'p.rowid' }
  }
  const params: unknown[] = []
  const fts = toFtsQuery(filter.text)
  if (fts !== null) params.push(fts)
  const filters = protocolFilterSql(filter, params)
  const where = fts === null ? filters : `protocols_fts MATCH ? AND ${filters}`
  const from =
    fts === null
      ? `protocols p ${JOIN_VETERINARIAN}`
      : `protocols_fts f JOIN protocols p ON p.rowid = f.rowid ${JOIN_VETERINARIAN}`
  return { from, where, params, key: fts === null ? 'p.rowid' : 'f.rowid' }
}
