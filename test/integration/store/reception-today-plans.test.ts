/**
 * The two statements behind the reception page's "today" panel run after every reception, so
 * they must stay index range scans on received_at however the table's statistics skew: with the
 * figures `PRAGMA optimize` wrote for a 200,000-protocol bench, SQLite once chose the status
 * index and a sort over every row instead (hundreds of milliseconds per reception).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/platform/db/database'
import { createProtocolsRepository } from '../../../src/main/features/protocols/protocols-repository'
import { seedDemoData } from '../../../src/main/features/demo/demo-seed'
import { makeTempDir } from '../../support/temp-dir'
import { recordPreparedSql } from '../../support/prepared-sql'

/** What sqlite_stat1 held for `protocols` on the benchmark's 200,000-protocol data folder. */
const SKEWED_STATS: [string, string][] = [
  ['protocols_statistics', '200000 2 2 2 2 2 2 2'],
  ['protocols_received_at', '200000 2'],
  ['protocols_veterinarian', '200000 2001 1'],
  ['protocols_status', '200000 2001 1'],
  ['sqlite_autoindex_protocols_1', '200000 1'],
  ['sqlite_autoindex_protocols_2', '200000 1'],
  ['sqlite_autoindex_protocols_3', '200000 2001 2001 2001']
]

describe("the reception page's today statements", () => {
  it('walk the received_at index, never the whole table, under skewed statistics', () => {
    const dir = makeTempDir()
    const file = join(dir.path, 'plans.sqlite')
    try {
      const seeding = openDatabase(file)
      seedDemoData(seeding, { protocols: 300, now: new Date('2026-06-15T10:00:00Z'), withHistory: false })
      // A lab's own history: demo rows are left out of the recent list.
      seeding.exec('UPDATE protocols SET demo = 0')
      seeding.exec('ANALYZE')
      const setStat = seeding.prepare(`UPDATE sqlite_stat1 SET stat = ? WHERE tbl = 'protocols' AND idx = ?`)
      for (const [index, stat] of SKEWED_STATS) expect(setStat.run(stat, index).changes).toBe(1)
      seeding.close()

      const db = openDatabase(file)
      const { prepared, planOf: plan } = recordPreparedSql(db)
      const repo = createProtocolsRepository(db)
      const statement = (marker: string) => {
        const found = prepared.filter((sql) => sql.includes(marker))
        expect(found, marker).toHaveLength(1)
        return found[0]!
      }

      const counts = plan(statement('received_at >= ?'), '2026-06-15T00:00:00Z')
      expect(counts).toContain('USING INDEX protocols_received_at (received_at>?)')
      const recent = plan(statement('ORDER BY p.received_at DESC'), 8)
      expect(recent).toContain('USING INDEX protocols_received_at')
      expect(recent).not.toContain('TEMP B-TREE FOR ORDER BY')

      // And they still answer what they did.
      expect(repo.recentDecided(5).map((row) => row.receivedAt)).toEqual(
        (db.prepare(`SELECT received_at FROM protocols WHERE received_at IS NOT NULL ORDER BY received_at DESC LIMIT 5`).pluck().all() as string[])
      )
      const since = '2026-06-01T00:00:00Z'
      expect(repo.decidedSince(since)).toEqual({
        received: db.prepare(`SELECT count(*) FROM protocols WHERE received_at >= ? AND status = 'received'`).pluck().get(since),
        rejected: db.prepare(`SELECT count(*) FROM protocols WHERE received_at >= ? AND status = 'rejected'`).pluck().get(since)
      })
      db.close()
    } finally {
      dir.cleanup()
    }
  })
})
