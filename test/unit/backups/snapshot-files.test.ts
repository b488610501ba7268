import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../../../src/shared/backups'
import { expiredSnapshots, newestFirst, snapshotName, timeOfSnapshotName } from '../../../src/main/features/backups/snapshot-files'
import { storageProblemOf } from '../../../src/main/platform/db/storage-errors'
import { TEST_START } from '../../support/test-clock'

const DAY_MS = 24 * 60 * 60 * 1000
const daysAfterStart = (days: number) => new Date(TEST_START.getTime() + days * DAY_MS)
const snapshotAt = (at: Date, verified = true): Snapshot => ({ name: snapshotName(at), createdAt: at.toISOString(), bytes: 1, verified, unsyncedChanges: 0 })

describe('snapshot names', () => {
  it('are the local time of the snapshot and read back to it', () => {
    const at = new Date(2026, 5, 11, 9, 5, 7)
    expect(snapshotName(at)).toBe('reception-bench-20260611-090507.sqlite')
    expect(timeOfSnapshotName(snapshotName(at))?.getTime()).toBe(at.getTime())
    expect(timeOfSnapshotName('reception-bench.sqlite')).toBeNull()
    expect(timeOfSnapshotName('../reception-bench-20260611-090507.sqlite')).toBeNull()
  })
})

describe('retention', () => {
  it('lets go of snapshots older than the days to keep, newest listed first', () => {
    const snapshots = [0, 1, 2, 3, 4].map((day) => snapshotAt(daysAfterStart(day)))
    const expired = expiredSnapshots(snapshots, daysAfterStart(4), 2)
    expect(expired.map((snapshot) => snapshot.name)).toEqual([snapshots[0]!.name, snapshots[1]!.name])
    expect(newestFirst(snapshots)[0]).toBe(snapshots[4])
  })

  it('never lets go of the newest verified snapshot, however old', () => {
    const old = snapshotAt(daysAfterStart(0))
    const unverified = snapshotAt(daysAfterStart(1), false)
    expect(expiredSnapshots([old, unverified], daysAfterStart(40), 7)).toEqual([unverified])
  })
})

describe('storage problems', () => {
  it('reads SQLite result codes and file system errors as what the clerk can fix', () => {
    expect(storageProblemOf({ code: 'SQLITE_FULL' })).toBe('disk_full')
    expect(storageProblemOf({ code: 'SQLITE_READONLY_DBMOVED' })).toBe('folder_read_only')
    expect(storageProblemOf({ code: 'EROFS' })).toBe('folder_read_only')
    expect(storageProblemOf({ code: 'ENOSPC' })).toBe('disk_full')
    expect(storageProblemOf({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeNull()
    expect(storageProblemOf(new Error('plain'))).toBeNull()
  })
})
