/**
 * Drift check at the end of a round: the server's per-table count and XOR digest against the
 * bench's own over the server rows it knows. Only meaningful when both describe the same point
 * of the server's history, i.e. the bench's cursor equals the server's sequence.
 */
import type { DigestsResponse, SyncEntity } from '../../../shared/sync-protocol'
import type { SyncRowsRepository } from './sync-rows-repository'

export type DriftOutcome = { kind: 'skipped' } | { kind: 'match' } | { kind: 'mismatch'; entities: SyncEntity[] }

export function compareDigests(server: DigestsResponse, cursor: number, rows: Pick<SyncRowsRepository, 'digest'>): DriftOutcome {
  // A server behind the bench's cursor was restored from a backup: everything must be compared afresh.
  if (server.serverSeq < cursor) return { kind: 'mismatch', entities: server.tables.map((table) => table.entity) }
  if (server.serverSeq !== cursor) return { kind: 'skipped' }
  const entities = server.tables
    .filter((table) => {
      const local = rows.digest(table.entity)
      return local.count !== table.count || local.hash !== table.hash
    })
    .map((table) => table.entity)
  return entities.length === 0 ? { kind: 'match' } : { kind: 'mismatch', entities }
}
