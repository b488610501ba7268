/**
 * Two (or more) server processes on one PostgreSQL schema, as a lab runs them behind a load
 * balancer: benches paired on either, every request of a bench going to one or the other, and a
 * storm of concurrent leases, overlapping claims and numbered pushes. Shared by the two-server
 * test (test/server/two-servers.test.ts), which asserts on the outcome, and the bench's server
 * area, which counts what went wrong.
 */
import pg from 'pg'
import { formatProtocolNumber } from '../../src/shared/domain'
import { newId } from '../../src/shared/ids'
import type { NumberSeries } from '../../src/shared/numbering'
import type { NumberBlock, PairResponse, PushOpInput, PushResponse } from '../../src/shared/sync-protocol'
import { createSyncClient, isSyncError, type SyncClient } from '../../src/main/features/sync/client'
import { issuedOrder, receivedProtocol } from './pushed-rows'

export interface StormOptions {
  /** Base URLs of the server processes. */
  servers: readonly string[]
  adminToken: string
  benches: number
  rounds: number
}

/** A bench reaching every server with one identity: the load balancer picks one per request. */
interface SpreadBench {
  deviceId: string
  clients: SyncClient[]
  opSeq: number
  acked: number
  /** Every block or claim the servers answered this bench with. */
  held: NumberBlock[]
  /** Numbers of each series this bench has pushed already. */
  used: Set<string>
  /** The year on the server's clock at pairing: the year of its first blocks. */
  pairedInYear: number
}

export interface StormOutcome {
  year: number
  /** Requests that failed or operations refused that an honest bench must see succeed. */
  unexpected: string[]
  /** Per round, the claims that won (one per contested series is expected). */
  claimWinners: NumberBlock[][]
  /** Blocks or claims answered to two different benches that overlap. */
  answeredClashes: { bench: number; block: NumberBlock }[]
  /** Number → the entity ids a server answered `applied` for with it. */
  accepted: Map<string, Set<string>>
}

const key = (type: NumberSeries, year: number, seq: number) => `${type} ${year} ${seq}`

const overlapping = (a: NumberBlock, b: NumberBlock) => a.type === b.type && a.year === b.year && a.start <= b.end && b.start <= a.end

async function pairingCode(serverUrl: string, adminToken: string): Promise<string> {
  const response = await fetch(`${serverUrl}/v1/admin/pairing-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'bench' })
  })
  if (response.status !== 200) throw new Error(`pairing code: HTTP ${response.status} ${await response.text()}`)
  return ((await response.json()) as { code: string }).code
}

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

export async function storm(options: StormOptions): Promise<StormOutcome> {
  const { servers } = options
  const spread: SpreadBench[] = await Promise.all(
    Array.from({ length: options.benches }, async (_, index) => {
      const home = servers[index % servers.length]!
      // Paired with a code made by another process than the one that answers the pairing.
      const code = await pairingCode(servers[(index + 1) % servers.length]!, options.adminToken)
      const pairing: PairResponse = await createSyncClient({ baseUrl: home }).pair(code, `Recepción ${index + 1}`)
      return {
        deviceId: pairing.deviceId,
        clients: servers.map((url) => createSyncClient({ baseUrl: url, deviceId: pairing.deviceId, secret: pairing.secret })),
        opSeq: 1,
        acked: 0,
        held: [...pairing.blocks, ...pairing.workOrderBlocks],
        used: new Set<string>(),
        pairedInYear: new Date(pairing.serverTime).getFullYear()
      }
    })
  )
  const year = spread[0]!.pairedInYear
  const unexpected: string[] = []
  const note = (what: string) => (error: unknown) => {
    unexpected.push(`${what}: ${isSyncError(error) ? `${error.status} ${error.code} ${error.message}` : String(error)}`)
    return undefined
  }
  const claimWinners: NumberBlock[][] = []
  const accepted = new Map<string, Set<string>>()

  const pushRound = async (s: SpreadBench, round: number) => {
    const ops: PushOpInput[] = []
    const sent: { type: NumberSeries; seq: number; entityId: string }[] = []
    for (const type of ['HP', 'CT', 'OT'] as const) {
      for (const seq of unusedNumbers(s, type, year, 6)) {
        const entityId = newId()
        const fields = type === 'OT' ? issuedOrder(year, seq) : receivedProtocol(year, seq, { type, number: formatProtocolNumber(type, year, seq) })
        ops.push({ entity: type === 'OT' ? 'work_order' : 'protocol', entityId, op: 'upsert', fields, deviceId: s.deviceId, opSeq: s.opSeq })
        s.opSeq += 1
        sent.push({ type, seq, entityId })
      }
    }
    const response: PushResponse | undefined = await s.clients[round % s.clients.length]!.push({ afterOpSeq: s.acked, ops }).catch(note('push'))
    if (!response) return
    s.acked = response.lastOpSeq
    response.results.forEach((result, i) => {
      const { type, seq, entityId } = sent[i]!
      s.used.add(key(type, year, seq))
      if (result.status !== 'applied') unexpected.push(`push of ${key(type, year, seq)}: ${JSON.stringify(result)}`)
      else accepted.set(key(type, year, seq), new Set([...(accepted.get(key(type, year, seq)) ?? []), entityId]))
    })
  }

  for (let round = 0; round < options.rounds; round += 1) {
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
          return s.clients[(index + round) % s.clients.length]!
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
  await Promise.all(spread.map((s) => pushRound(s, options.rounds)))

  const everyHeld = spread.flatMap((s, bench) => s.held.map((block) => ({ bench, block })))
  const answeredClashes = everyHeld.filter((a, i) => everyHeld.some((b, j) => j > i && a.bench !== b.bench && overlapping(a.block, b.block)))
  return { year, unexpected, claimWinners, answeredClashes, accepted }
}

export interface TableOverlaps {
  /** Pairs of blocks or claims of different holders whose ranges overlap. */
  overlappingRanges: { id: string; other: string }[]
  /** Protocol or work-order numbers held by more than one row. */
  duplicateNumbers: { entity: string; number: string; n: number }[]
  /** Rows of the accepted-number tables (protocol and work order). */
  recordedNumbers: number
}

/** What the database holds: no overlapping blocks or claims, no number twice. */
export async function overlapsInTables(databaseUrl: string): Promise<TableOverlaps> {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const ranges = `SELECT id, device_id, type, year, start_seq, end_seq FROM number_blocks
                    UNION ALL SELECT id, device_id, type, year, start_seq, end_seq FROM number_claims`
    // A bench's own claim may cover its own block (it registered a range it was leased); only
    // two holders, or two blocks, or two claims overlapping is a clash.
    const overlaps = await db.query<{ id: string; other: string }>(
      `WITH r AS (${ranges}) SELECT a.id, b.id AS other FROM r a JOIN r b
       ON a.id < b.id AND a.type = b.type AND a.year = b.year AND a.start_seq <= b.end_seq AND b.start_seq <= a.end_seq
       AND NOT (a.device_id = b.device_id AND (a.id LIKE 'claim-%') <> (b.id LIKE 'claim-%'))`
    )
    const numbered = await db.query<{ entity: string; number: string; n: number }>(
      `SELECT entity, fields::json->>'number' AS number, count(*)::int AS n FROM records
       WHERE entity IN ('protocol', 'work_order') GROUP BY 1, 2 HAVING count(*) > 1`
    )
    const recorded = await db.query<{ n: number }>(
      `SELECT (SELECT count(*)::int FROM protocol_numbers) + (SELECT count(*)::int FROM work_order_numbers) AS n`
    )
    return { overlappingRanges: overlaps.rows, duplicateNumbers: numbered.rows, recordedNumbers: recorded.rows[0]!.n }
  } finally {
    await db.end()
  }
}
