/**
 * Pull and snapshot. Each pulled page is applied together with its cursor in ONE transaction,
 * so a crash leaves the bench at a page boundary. A snapshot (first sync, replacement sync)
 * marks every row it brings; when complete, tracked rows it did not bring are gone from the
 * server and are removed here, and the cursor moves to the snapshot's sequence in the same
 * transaction.
 */
import { MAX_PAGE_LIMIT, type SyncRow } from '../../../shared/sync-protocol'
import type { Db } from '../../platform/db/database'
import type { SyncRowsRepository } from './sync-rows-repository'
import type { SyncStateRepository } from './sync-state-repository'
import type { SyncClient } from './client'
import type { RowApplier } from './row-apply'

export const PULL_PAGE = 500

export interface PullStepDeps {
  db: Db
  state: SyncStateRepository
  rows: SyncRowsRepository
  rowApplier: RowApplier
  at: () => string
}

/** Pulls until the server has nothing newer; returns how many rows came. */
export async function pullAll(client: SyncClient, deps: PullStepDeps, signal?: AbortSignal): Promise<number> {
  let received = 0
  for (;;) {
    signal?.throwIfAborted()
    const page = await client.pull(deps.state.progress().cursor, PULL_PAGE)
    const at = deps.at()
    deps.db.transaction(() => {
      for (const row of page.rows) deps.rowApplier.apply(row, at)
      deps.state.setCursor(page.cursor)
    }).immediate()
    received += page.rows.length
    if (!page.hasMore) {
      deps.db.transaction(() => deps.rowApplier.settle(deps.at())).immediate()
      return received
    }
  }
}

/** Downloads the server's live rows; then `pullAll` brings what changed while paging. */
export async function snapshot(client: SyncClient, deps: PullStepDeps, signal?: AbortSignal, onPage?: (rows: SyncRow[]) => void): Promise<number> {
  const generation = deps.db.transaction(() => deps.state.nextGeneration())()
  let received = 0
  let page = await client.snapshot({ limit: MAX_PAGE_LIMIT })
  const until = page.snapshotSeq
  for (;;) {
    const at = deps.at()
    const rows = page.rows
    deps.db.transaction(() => {
      for (const row of rows) deps.rowApplier.apply(row, at, generation)
    }).immediate()
    received += rows.length
    onPage?.(rows)
    if (page.next === null) break
    signal?.throwIfAborted()
    page = await client.snapshot({ after: page.next, until, limit: MAX_PAGE_LIMIT })
  }
  const at = deps.at()
  deps.db.transaction(() => {
    for (const gone of deps.rows.unseen(generation)) deps.rowApplier.remove(gone.entity, gone.id, at)
    deps.rows.rebuildDigests()
    deps.state.finishSnapshot(until)
    deps.rowApplier.settle(at)
  }).immediate()
  return received
}
