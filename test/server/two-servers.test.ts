/**
 * Two real server processes on one PostgreSQL schema, as a lab runs them behind a load balancer:
 * benches paired on either, every request of a bench going to one or the other, and a storm of
 * concurrent leases, overlapping claims and numbered pushes (bench/workloads/two-server-storm.ts,
 * which the bench's server area runs bigger). Whatever the interleaving, no number may be leased,
 * claimed or accepted twice, and every honest request must succeed.
 */
import type { ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { openPostgresStorage } from '../../server/src/storage/postgres'
import { overlapsInTables, storm } from '../../bench/workloads/two-server-storm'
import { ADMIN_TOKEN, backendUnavailable, freshStorage, killProcess, POSTGRES_URL, spawnServer, type StorageHandle } from './support'

const BENCHES = 6
const ROUNDS = 4
const BLOCK_SIZE = 10

const reason = backendUnavailable('postgres')

describe.skipIf(reason !== undefined)(`two server processes on one PostgreSQL${reason ? ` ${reason}` : ''}`, () => {
  let storage: StorageHandle | undefined
  const children: ChildProcess[] = []
  afterEach(async () => {
    for (const child of children.splice(0)) await killProcess(child, 'SIGKILL')
    await storage?.cleanup()
    storage = undefined
  })

  it('never leases, claims or accepts the same number twice under a storm on both', async () => {
    storage = await freshStorage('postgres')
    // Both start at once on the empty schema: migrating it must not trip over the other.
    const servers = await Promise.all([0, 1].map(() => spawnServer({ ...storage!.env, BLOCK_SIZE: String(BLOCK_SIZE) })))
    children.push(...servers.map((server) => server.child))

    const outcome = await storm({ servers: servers.map((server) => server.url), adminToken: ADMIN_TOKEN, benches: BENCHES, rounds: ROUNDS })

    expect(outcome.unexpected).toEqual([])
    // Each contested round had a winner per series, and the winners' ranges never overlap.
    for (const winners of outcome.claimWinners) {
      expect(new Set(winners.map((w) => w.type))).toEqual(new Set(['HP', 'OT']))
    }
    expect(outcome.answeredClashes).toEqual([])
    expect([...outcome.accepted].filter(([, ids]) => ids.size > 1)).toEqual([])
    expect(outcome.accepted.size).toBeGreaterThan(BENCHES * ROUNDS * 6)

    // What the database holds agrees: no overlapping blocks or claims, no number twice.
    const tables = await overlapsInTables(storage.env.DATABASE_URL ?? POSTGRES_URL!)
    expect(tables.overlappingRanges).toEqual([])
    expect(tables.duplicateNumbers).toEqual([])
    expect(tables.recordedNumbers).toBe(outcome.accepted.size)
  }, 120_000)
})

describe.skipIf(reason !== undefined)(`PostgreSQL write transactions${reason ? ` ${reason}` : ''}`, () => {
  let storage: StorageHandle | undefined
  afterEach(async () => {
    await storage?.cleanup()
    storage = undefined
  })

  it('run again when PostgreSQL aborts one of two deadlocked writers, and both commit once', async () => {
    storage = await freshStorage('postgres')
    const db = await openPostgresStorage({ connectionString: POSTGRES_URL!, schema: storage.options.pgSchema! })
    try {
      await db.write((sql) => sql.exec('CREATE TABLE tally (id INTEGER PRIMARY KEY, v INTEGER NOT NULL); INSERT INTO tally VALUES (1, 0), (2, 0)'))
      const tries = { first: 0, second: 0 }
      let firstHolds!: () => void
      let secondHolds!: () => void
      const firstLocked = new Promise<void>((resolve) => (firstHolds = resolve))
      const secondLocked = new Promise<void>((resolve) => (secondHolds = resolve))
      // Each locks one row, waits until the other holds the other row, then wants it: a deadlock.
      const writer = (name: 'first' | 'second', own: number, other: number, holds: () => void, otherLocked: Promise<void>) =>
        db.write(async (sql) => {
          tries[name] += 1
          await sql.run('UPDATE tally SET v = v + 1 WHERE id = ?', [own])
          holds()
          await otherLocked
          await sql.run('UPDATE tally SET v = v + 1 WHERE id = ?', [other])
        })
      await Promise.all([writer('first', 1, 2, firstHolds, secondLocked), writer('second', 2, 1, secondHolds, firstLocked)])
      expect(tries.first + tries.second).toBe(3)
      expect(await db.read((sql) => sql.all('SELECT id, v FROM tally ORDER BY id'))).toEqual([
        { id: 1, v: 2 },
        { id: 2, v: 2 }
      ])
    } finally {
      await db.close()
    }
  })
})
