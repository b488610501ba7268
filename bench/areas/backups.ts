/**
 * snapshot_200k_protocols_s: "make a backup now" (`backups.snapshotNow`) on a copy of the
 * 200,000-protocol data folder, through the backups feature as the clerk's button and the daily
 * job run it: `integrity_check` of the live database, `VACUUM INTO` a new file in the backup
 * folder, `integrity_check` of that file, retention. Median of three snapshots after one
 * untimed (the first reads the file from disk into the page cache).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measure } from '../measure'
import { cachedDataFolder, copyDataFolder, PROTOCOLS_200K } from '../workloads/datasets'
import { startHostOn } from '../workloads/host'

export async function run(): Promise<Record<string, number>> {
  const copy = copyDataFolder(await cachedDataFolder(PROTOCOLS_200K))
  const backups = mkdtempSync(join(tmpdir(), 'rb-bench-backups-'))
  const bench = await startHostOn(copy)
  try {
    await bench.call('backups.configure', { folder: backups })
    const before = (await bench.call('backups.status', {})).snapshots.length
    const timing = await measure({ warmUp: 1, iterations: 3 }, async () => {
      const snapshot = await bench.call('backups.snapshotNow', {})
      if (!snapshot.verified) throw new Error(`snapshot ${snapshot.name} was not verified`)
    })
    // Each run wrote its own verified snapshot of the whole database.
    const status = await bench.call('backups.status', {})
    if (status.snapshots.length !== before + 4) throw new Error(`expected ${before + 4} snapshots, found ${status.snapshots.length}`)
    return { snapshot_200k_protocols_s: timing.median / 1000 }
  } finally {
    await bench.close()
    rmSync(copy, { recursive: true, force: true })
    rmSync(backups, { recursive: true, force: true })
  }
}
