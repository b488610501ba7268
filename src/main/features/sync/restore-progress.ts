/**
 * What a clerk sees while a wiped or replacement bench brings everything back from the server:
 * rows per kind against what the server's table digests say it holds, then the PDFs. Kept in
 * memory and pushed with the sync status (one event, `sync.status`), so the renderer needs no
 * second channel; a restart forgets it, and the next restore starts it again.
 */
import { RESTORE_KINDS, type RestoreCounts, type RestoreProgress } from '../../../shared/sync-status'
import type { DigestsResponse, SyncRow } from '../../../shared/sync-protocol'

/** What a sync round reports of a restore while it runs. */
export interface RestoreObserver {
  begin(totals: RestoreCounts | null): void
  rows(rows: readonly Pick<SyncRow, 'entity'>[]): void
  pdfs(done: number, total: number): void
  end(ok: boolean): void
}

const zero = (): RestoreCounts => ({ protocol: 0, work_order: 0, report: 0 })

/** The live rows per kind the server holds, as its digests count them. */
export function totalsOfDigests(digests: DigestsResponse): RestoreCounts {
  const totals = zero()
  for (const table of digests.tables) if ((RESTORE_KINDS as readonly string[]).includes(table.entity)) totals[table.entity as keyof RestoreCounts] = table.count
  return totals
}

export function createRestoreTracker(now: () => string, changed: () => void): RestoreObserver & { current(): RestoreProgress | null } {
  let current: RestoreProgress | null = null
  const update = (next: RestoreProgress) => {
    current = next
    changed()
  }
  return {
    current: () => current,
    begin(totals) {
      update({ state: 'rows', startedAt: now(), finishedAt: null, received: zero(), totals, pdfs: { done: 0, total: 0 } })
    },
    rows(rows) {
      if (!current) return
      const received = { ...current.received }
      for (const row of rows) if (row.entity in received) received[row.entity as keyof RestoreCounts] += 1
      update({ ...current, received })
    },
    pdfs(done, total) {
      if (!current) return
      update({ ...current, state: 'pdfs', pdfs: { done, total } })
    },
    end(ok) {
      // Only a restore under way ends: a later round's failure does not rewrite a finished one.
      if (!current || current.state === 'done' || current.state === 'failed') return
      update({ ...current, state: ok ? 'done' : 'failed', finishedAt: now() })
    }
  }
}
