/**
 * The possible-duplicate check runs each time a receive form opens, and a receive sent right
 * after it waits behind it: it must read two index ranges (recently received; not received yet
 * and recently created for that veterinarian), never every protocol of the veterinarian, and
 * still answer "received, or not received yet and created, since the day asked".
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/platform/db/database'
import { createProtocolsRepository } from '../../../src/main/features/protocols/protocols-repository'
import { seedDemoData } from '../../../src/main/features/demo/demo-seed'
import { makeTempDir } from '../../support/temp-dir'
import { recordPreparedSql } from '../../support/prepared-sql'

const NOW = new Date('2026-06-15T10:00:00Z')
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString()

describe('the possible-duplicate check', () => {
  it('finds what was received, or is waiting and was created, within the window, through two index ranges', () => {
    const dir = makeTempDir()
    try {
      const db = openDatabase(join(dir.path, 'duplicates.sqlite'))
      seedDemoData(db, { protocols: 300, now: NOW, withHistory: false })
      db.exec('ANALYZE')
      const [vet, otherVet] = db.prepare(`SELECT id FROM veterinarians ORDER BY name LIMIT 2`).pluck().all() as string[]
      const ids = db.prepare(`SELECT id FROM protocols ORDER BY rowid LIMIT 7`).pluck().all() as string[]
      const shape = db.prepare(
        `UPDATE protocols SET veterinarian_id = @vet, animal_name = 'Kira', owner = 'Pena Lopez', status = @status,
           received_at = @receivedAt, created_at = @createdAt, deleted_at = NULL WHERE id = @id`
      )
      const rows = {
        waitingRecent: { vet, status: 'registered', receivedAt: null, createdAt: daysAgo(1) },
        receivedRecentCreatedLongAgo: { vet, status: 'received', receivedAt: daysAgo(1), createdAt: daysAgo(60) },
        waitingOld: { vet, status: 'registered', receivedAt: null, createdAt: daysAgo(60) },
        receivedOld: { vet, status: 'received', receivedAt: daysAgo(30), createdAt: daysAgo(31) },
        rejectedRecent: { vet, status: 'rejected', receivedAt: daysAgo(1), createdAt: daysAgo(1) },
        otherVeterinarian: { vet: otherVet, status: 'received', receivedAt: daysAgo(1), createdAt: daysAgo(1) },
        theOneBeingReceived: { vet, status: 'registered', receivedAt: null, createdAt: daysAgo(2) }
      }
      const idOf = Object.fromEntries(Object.keys(rows).map((name, index) => [name, ids[index]!])) as Record<keyof typeof rows, string>
      for (const [name, row] of Object.entries(rows)) shape.run({ ...row, id: idOf[name as keyof typeof rows] })
      const { prepared, planOf } = recordPreparedSql(db)
      const repo = createProtocolsRepository(db)

      const found = repo.possibleDuplicates(vet!, 'KIRA', 'pena lopez', daysAgo(5), idOf.theOneBeingReceived)
      // Newest row first, as before: the rows were shaped in rowid order.
      expect(found.map((row) => row.id)).toEqual([idOf.receivedRecentCreatedLongAgo, idOf.waitingRecent])

      const statement = prepared.filter((source) => source.includes('lower(animal_name) = lower(@animalName)'))
      expect(statement).toHaveLength(1)
      const plan = planOf(statement[0]!, { veterinarianId: vet, animalName: 'Kira', owner: 'Pena Lopez', since: daysAgo(5), excludeId: '' })
      expect(plan).toContain('USING INDEX protocols_received_at (received_at>?)')
      expect(plan).toContain('USING INDEX protocols_veterinarian (veterinarian_id=? AND created_at>?)')
      expect(plan).not.toMatch(/SCAN (p|protocols)\b/)
      db.close()
    } finally {
      dir.cleanup()
    }
  })
})
