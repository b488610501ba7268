import { describe, expect, it } from 'vitest'
import { createRestoreTracker, totalsOfDigests } from '../../../src/main/features/sync/restore-progress'
import type { RestoreProgress } from '../../../src/shared/sync-status'

const moments = ['2026-06-11T08:00:00.000Z', '2026-06-11T08:00:05.000Z']

function tracked() {
  const seen: (RestoreProgress | null)[] = []
  let tick = 0
  const tracker = createRestoreTracker(
    () => moments[Math.min(tick++, moments.length - 1)]!,
    () => seen.push(tracker.current())
  )
  return { tracker, seen }
}

describe('restore progress', () => {
  it('counts the rows per kind as pages arrive, then the PDFs, and ends once', () => {
    const { tracker, seen } = tracked()
    tracker.begin({ protocol: 3, work_order: 1, report: 1 })
    tracker.rows([{ entity: 'protocol' }, { entity: 'veterinarian' }, { entity: 'protocol' }])
    tracker.rows([{ entity: 'protocol' }, { entity: 'work_order' }, { entity: 'report' }, { entity: 'notification' }])
    tracker.pdfs(1, 2)
    tracker.pdfs(2, 2)
    tracker.end(true)
    expect(seen.map((progress) => progress?.received.protocol)).toEqual([0, 2, 3, 3, 3, 3])
    expect(seen.map((progress) => progress?.state)).toEqual(['rows', 'rows', 'rows', 'pdfs', 'pdfs', 'done'])
    expect(tracker.current()).toEqual({
      state: 'done',
      startedAt: moments[0],
      finishedAt: moments[1],
      received: { protocol: 3, work_order: 1, report: 1 },
      totals: { protocol: 3, work_order: 1, report: 1 },
      pdfs: { done: 2, total: 2 }
    })
    // A later round that fails does not turn a finished restore into a failed one.
    tracker.end(false)
    expect(tracker.current()?.state).toBe('done')
    expect(seen).toHaveLength(6)
  })

  it('says failed when the round stops midway, and nothing before a restore began', () => {
    const { tracker, seen } = tracked()
    tracker.rows([{ entity: 'protocol' }])
    tracker.end(false)
    expect(seen).toEqual([])
    tracker.begin(null)
    tracker.rows([{ entity: 'report' }])
    tracker.end(false)
    expect(tracker.current()).toMatchObject({ state: 'failed', totals: null, received: { protocol: 0, work_order: 0, report: 1 } })
  })

  it('takes the totals of the kinds it counts from the server digests', () => {
    const hash = '0'.repeat(64)
    expect(
      totalsOfDigests({
        serverSeq: 9,
        tables: [
          { entity: 'protocol', count: 7, hash },
          { entity: 'veterinarian', count: 2, hash },
          { entity: 'report', count: 1, hash }
        ]
      })
    ).toEqual({ protocol: 7, work_order: 0, report: 1 })
  })
})
