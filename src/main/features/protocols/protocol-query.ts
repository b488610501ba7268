import type { Db } from '../../platform/db/database'
import type { ProtocolFilter } from '../../../shared/exports'
import { parseProtocolNumber } from '../../../shared/scan'
import { protocolFilterSql, toFtsQuery } from './protocols-repository'

/**
 * The rows `protocols.search` would page through for a filter, as SQL pieces without paging:
 * exports walk them in keyset chunks and bulk actions select them all. The same three cases
 * as the search: an exact protocol number, full-text words, or filters only.
 * `key` is the column the order and the keyset use (newest first, like the list).
 */
export interface ProtocolMatchSql {
  from: string
  where: string
  params: unknown[]
  key: string
}

const JOIN_VETERINARIAN = 'JOIN veterinarians v ON v.id = p.veterinarian_id'

export function protocolMatchSql(db: Db, filter: ProtocolFilter): ProtocolMatchSql {
  const number = parseProtocolNumber(filter.text)
  if (number) {
    const params = [number.type, 2000 + number.yy, number.seq]
    const where = 'p.type = ? AND p.year = ? AND p.seq = ? AND p.deleted_at IS NULL'
    const found = db.prepare(`SELECT 1 FROM protocols p WHERE ${where}`).get(...params)
    // Like the search: a number that matches nothing falls through to the words.
    if (found) return { from: `protocols p ${JOIN_VETERINARIAN}`, where, params, key: 'p.rowid' }
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
