/**
 * Applies server rows to the bench, one at a time, inside the caller's transaction. A local row
 * with unsent operations is not overwritten: the server row waits aside (the shadow) until
 * those operations are acknowledged, then `rebase` applies it unless the push moved the row on.
 */
import type { SyncEntity, SyncRow } from '../../../shared/sync-protocol'
import type { Db } from '../../platform/db/database'
import type { OutboxRepository } from '../../platform/journal/outbox-repository'
import type { SyncRowsRepository } from './sync-rows-repository'
import type { ConflictsRepository } from './conflicts-repository'
import type { NumberGivenUp, RemoteRowAppliers } from './remote-appliers'

export interface RowApplyDeps {
  db: Db
  outbox: Pick<OutboxRepository, 'hasUnsent'>
  rows: SyncRowsRepository
  conflicts: Pick<ConflictsRepository, 'add'>
  appliers: RemoteRowAppliers
  /** A local row gave its number up to the row being applied: told inside the same savepoint. */
  onNumberGivenUp: (givenUp: NumberGivenUp, at: string) => void
}

export type RowOutcome = 'applied' | 'deferred' | 'failed'

export function createRowApplier(deps: RowApplyDeps) {
  const { db, rows, appliers } = deps

  /** The applier's writes in a savepoint: a row that fails leaves nothing half-written behind. */
  const applyLocally = (row: SyncRow, at: string): boolean => {
    const applier = appliers[row.entity]
    if (!applier) return true
    try {
      db.transaction(() => {
        for (const givenUp of applier.apply(row, at) ?? []) deps.onNumberGivenUp(givenUp, at)
      })()
      return true
    } catch (error) {
      deps.conflicts.add({
        entity: row.entity,
        entityId: row.id,
        opSeq: null,
        kind: 'apply_failed',
        code: 'apply_failed',
        serverValue: row.fields,
        message: error instanceof Error ? error.message : String(error),
        at
      })
      return false
    }
  }

  return {
    apply(row: SyncRow, at: string, generation = 0): RowOutcome {
      if (deps.outbox.hasUnsent(row.entity, row.id)) {
        rows.seen(row, false, generation)
        return 'deferred'
      }
      const ok = applyLocally(row, at)
      // A failed row is still known at its version: the drift check must not count it missing.
      rows.seen(row, true, generation)
      return ok ? 'applied' : 'failed'
    },

    /** After a push: rows whose operations are all acknowledged take the server row kept aside. */
    rebase(entity: SyncEntity, id: string, at: string): void {
      if (deps.outbox.hasUnsent(entity, id)) return
      const tracked = rows.get(entity, id)
      if (!tracked?.shadow) return
      // The push moved the row past the shadow: the newer state comes with the next pull.
      if (tracked.baseVersion > tracked.shadow.version) {
        rows.dropShadow(entity, id)
        return
      }
      applyLocally(tracked.shadow, at)
      rows.seen(tracked.shadow, true, 0)
    },

    /** After a pull: each applier writes what waited for later rows; a failure is a conflict, the rest still settles. */
    settle(at: string): void {
      for (const [entity, applier] of Object.entries(appliers)) {
        if (!applier?.settle) continue
        try {
          db.transaction(() => {
            for (const givenUp of applier.settle!(at) ?? []) deps.onNumberGivenUp(givenUp, at)
          })()
        } catch (error) {
          deps.conflicts.add({ entity: entity as SyncEntity, entityId: '-', opSeq: null, kind: 'apply_failed', code: 'apply_failed', message: String(error), at })
        }
      }
    },

    /** The server no longer has a row the bench tracked (replacement sync). */
    remove(entity: SyncEntity, id: string, at: string): void {
      if (deps.outbox.hasUnsent(entity, id)) return
      try {
        db.transaction(() => appliers[entity]?.remove(id, at))()
      } catch (error) {
        deps.conflicts.add({ entity, entityId: id, opSeq: null, kind: 'apply_failed', code: 'apply_failed', message: String(error), at })
      }
      rows.markDeleted(entity, id)
    }
  }
}
export type RowApplier = ReturnType<typeof createRowApplier>
