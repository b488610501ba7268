/**
 * Two real server processes on one PostgreSQL schema, as a lab runs them behind a load balancer:
 * benches paired on either, every request of a bench going to one or the other, and a storm of
 * concurrent leases, overlapping claims and numbered pushes. Whatever the interleaving, no number
 * may be leased, claimed or accepted twice, and every honest request must succeed.
 */
import type { ChildProcess } from 'node:child_process'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { formatProtocolNumber } from '../../src/shared/domain'
import type { NumberSeries } from '../../src/shared/numbering'
import type { NumberBlock, PushOpInput, PushResponse } from '../../src/shared/sync-protocol'
import { createSyncClient, isSyncError, type SyncClient } from '../../src/main/features/sync/client'
import { openPostgresStorage } from '../../server/src/storage/postgres'
import {
  ADMIN_TOKEN,
  backendUnavailable,
  benchFrom,
  freshStorage,
  issuedOrder,
  killProcess,
  newId,
  POSTGRES_URL,
  receivedProtocol,
  spawnServer,
  type Bench,
  type ServerProcess,
  type StorageHandle
} from './support'

const BENCHES = 6
const ROUNDS = 4
const BLOCK_SIZE = 10

const reason = backendUnavailable('postgres')

async function pairingCode(server: ServerProcess): Promise<string> {
  const response = await fetch(`${server.url}/v1/admin/pairing-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'bench' })
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { code: string }).code
}

/** A bench reaching both servers with one identity: the load balancer picks either per request. */
interface SpreadBench {
  bench: Bench
  clients: [SyncClient, SyncClient]
  /** Every block or claim the servers answered this bench with. */
  held: NumberBlock[]
  /** Numbers of each series this bench has pushed already. */
  used: Set<string>
}

const key = (type: NumberSeries, year: number, seq: number) => `${type} ${year} ${seq}`

/** The next `count` numbers of `type` the bench holds and has not pushed yet. */
function unusedNumbers(spread: SpreadBench, type: NumberSeries, year: number, count: number): number[] {
  const found: number[] = []
  const blocks = spread.held.filter((b) => b.type === type && b.year === year).sort((a, b) => a.start - b.start)
  for (const block of blocks) {
    for (let seq = block.start; seq <= block.end && found.length < count; seq += 1) {
      if (!spread.used.has(key(type, year, seq)) && !found.includes(seq)) found.push(seq)
    }
  }
  return found
}

const overlapping = (a: NumberBlock, b: NumberBlock) => a.type === b.type && a.year === b.year && a.start <= b.end && b.start <= a.end

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

    const spread: SpreadBench[] = await Promise.all(
      Array.from({ length: BENCHES }, async (_, index) => {
        const home = servers[index % 2]!
        const code = await pairingCode(servers[(index + 1) % 2]!)
        const bench = benchFrom(home.url, await createSyncClient({ baseUrl: home.url }).pair(code, `Recepción ${index + 1}`))
        const clients = servers.map((server) =>
          createSyncClient({ baseUrl: server.url, deviceId: bench.deviceId, secret: bench.secret, now: Date.now })
        ) as [SyncClient, SyncClient]
        return { bench, clients, held: [...bench.blocks, ...bench.workOrderBlocks], used: new Set<string>() }
      })
    )
    const year = spread[0]!.bench.pairedInYear
    const unexpected: string[] = []
    const note = (what: string) => (error: unknown) => {
      unexpected.push(`${what}: ${isSyncError(error) ? `${error.status} ${error.code} ${error.message}` : String(error)}`)
      return undefined
    }
    const claimWinners: NumberBlock[][] = []
    /** Every number a server answered `applied` for, with the row it was accepted for. */
    const accepted = new Map<string, Set<string>>()

    const pushRound = async (s: SpreadBench, round: number) => {
      const ops: PushOpInput[] = []
      const sent: { type: NumberSeries; seq: number; entityId: string }[] = []
      for (const type of ['HP', 'CT', 'OT'] as const) {
        for (const seq of unusedNumbers(s, type, year, 6)) {
          const entityId = newId()
          const fields =
            type === 'OT' ? issuedOrder(year, seq) : receivedProtocol(year, seq, { type, number: formatProtocolNumber(type, year, seq) })
          ops.push({ entity: type === 'OT' ? 'work_order' : 'protocol', entityId, op: 'upsert', fields, deviceId: s.bench.deviceId, opSeq: s.bench.opSeq })
          s.bench.opSeq += 1
          sent.push({ type, seq, entityId })
        }
      }
      const response: PushResponse | undefined = await s.clients[round % 2]!.push({ afterOpSeq: s.bench.acked, ops }).catch(note('push'))
      if (!response) return
      s.bench.acked = response.lastOpSeq
      response.results.forEach((result, i) => {
        const { type, seq, entityId } = sent[i]!
        s.used.add(key(type, year, seq))
        if (result.status !== 'applied') unexpected.push(`push of ${key(type, year, seq)}: ${JSON.stringify(result)}`)
        else accepted.set(key(type, year, seq), new Set([...(accepted.get(key(type, year, seq)) ?? []), entityId]))
      })
    }

    for (let round = 0; round < ROUNDS; round += 1) {
      // Every bench claims ranges that overlap every other bench's in this round.
      const contested = (['HP', 'OT'] as const).map((type, t) => ({ type, start: 5000 + round * 400 + t * 50 }))
      const winners: NumberBlock[] = []
      claimWinners.push(winners)
      await Promise.all(
        spread.flatMap((s, index) => [
          ...(['HP', 'CT', 'OT'] as const).flatMap((type) =>
            s.clients.map((client) =>
              client
                .leaseBlock(type, year)
                .then((lease) => s.held.push(...lease.blocks))
                .catch(note(`lease ${type}`))
            )
          ),
          ...contested.map(({ type, start }) => {
            const range = { type, year, start: start + index * 7, end: start + index * 7 + 59 }
            return s.clients[(index + round) % 2]!
              .claimRange(range)
              .then(({ block }) => {
                winners.push(block)
                s.held.push(block)
              })
              .catch((error: unknown) => {
                if (!(isSyncError(error) && error.code === 'range_taken')) note(`claim ${type}`)(error)
              })
          }),
          pushRound(s, round)
        ])
      )
    }
    await Promise.all(spread.map((s) => pushRound(s, ROUNDS)))

    expect(unexpected).toEqual([])
    // Each contested round had a winner per series, and the winners' ranges never overlap.
    for (const winners of claimWinners) {
      expect(new Set(winners.map((w) => w.type))).toEqual(new Set(['HP', 'OT']))
    }
    const everyHeld = spread.flatMap((s, bench) => s.held.map((block) => ({ bench, block })))
    const clashes = everyHeld.filter((a, i) => everyHeld.some((b, j) => j > i && a.bench !== b.bench && overlapping(a.block, b.block)))
    expect(clashes).toEqual([])
    expect([...accepted].filter(([, ids]) => ids.size > 1)).toEqual([])
    expect(accepted.size).toBeGreaterThan(BENCHES * ROUNDS * 6)

    // What the database holds agrees: no overlapping blocks or claims, no number twice.
    const db = new pg.Client({ connectionString: storage.env.DATABASE_URL ?? POSTGRES_URL })
    await db.connect()
    try {
      const ranges = `SELECT id, device_id, type, year, start_seq, end_seq FROM number_blocks
                      UNION ALL SELECT id, device_id, type, year, start_seq, end_seq FROM number_claims`
      const overlaps = await db.query(
        `WITH r AS (${ranges}) SELECT a.id, b.id AS other FROM r a JOIN r b
         ON a.id < b.id AND a.type = b.type AND a.year = b.year AND a.start_seq <= b.end_seq AND b.start_seq <= a.end_seq
         AND NOT (a.device_id = b.device_id AND (a.id LIKE 'claim-%') <> (b.id LIKE 'claim-%'))`
      )
      expect(overlaps.rows).toEqual([])
      const numbered = await db.query(
        `SELECT entity, fields::json->>'number' AS number, count(*)::int AS n FROM records
         WHERE entity IN ('protocol', 'work_order') GROUP BY 1, 2 HAVING count(*) > 1`
      )
      expect(numbered.rows).toEqual([])
      const recorded = await db.query(
        `SELECT (SELECT count(*)::int FROM protocol_numbers) + (SELECT count(*)::int FROM work_order_numbers) AS n`
      )
      expect(recorded.rows[0].n).toBe(accepted.size)
    } finally {
      await db.end()
    }
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
