import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, typedRange, type TestHost } from '../../support/bench-host'
import { createSyncClient } from '../../../src/main/features/sync/client'
import { formatProtocolNumber } from '../../../src/shared/domain'
import { testClock } from '../../support/test-clock'
import {
  ADMIN_PIN,
  createVet,
  receive,
  serverRows,
  startFaultyProxy,
  startSyncServer,
  type FaultyProxy,
  type ServerFixture
} from './support'

/** Numbers given to non-demo protocols, by animal. */
function numbersByAnimal(bench: TestHost): Record<string, string | null> {
  const rows = bench.host.db.prepare(`SELECT animal_name, number FROM protocols WHERE demo = 0`).all() as { animal_name: string; number: string | null }[]
  return Object.fromEntries(rows.map((row) => [row.animal_name, row.number]))
}

function localRanges(bench: TestHost): { type: string; range_start: number; range_end: number; next_seq: number; claim_status: string | null }[] {
  return bench.host.db
    .prepare(`SELECT type, range_start, range_end, next_seq, claim_status FROM number_blocks WHERE source = 'local' ORDER BY type`)
    .all() as { type: string; range_start: number; range_end: number; next_seq: number; claim_status: string | null }[]
}

async function pair(bench: TestHost, server: ServerFixture, name: string, via = server.url) {
  await bench.call('settings.update', { syncIntervalSeconds: 3600 })
  await bench.call('sync.pair', { serverUrl: via, code: await server.code(), benchName: name, adminPin: ADMIN_PIN })
  return bench.call('sync.now', { wait: true })
}

/** A live bench whose administrator typed HP and CT 1-899 while the server was out of reach. */
async function benchWithTypedRanges(year: number): Promise<TestHost> {
  const bench = await startTestHost({ demoProtocols: 0, clock: testClock })
  for (const type of ['HP', 'CT'] as const) await bench.call('numbers.addLocalRange', typedRange({ type, year, start: 1, end: 899 }))
  return bench
}

async function serverProtocols(server: ServerFixture) {
  return (await serverRows(await server.reader())).filter((row) => row.entity === 'protocol' && row.fields.demo === false)
}

describe('numbering from a local range, then syncing', () => {
  let server: ServerFixture | undefined
  let proxy: FaultyProxy | undefined
  const benches: TestHost[] = []
  afterEach(async () => {
    for (const bench of benches.splice(0)) await bench.close()
    await proxy?.close()
    await server?.cleanup()
    server = proxy = undefined
  })
  const year = testClock().getFullYear()
  const hp = (seq: number) => formatProtocolNumber('HP', year, seq)

  it('a bench that received before it was ever paired keeps its numbers: the server takes them without conflicts', async () => {
    server = await startSyncServer({ now: () => testClock().getTime() })
    const bench = await benchWithTypedRanges(year)
    benches.push(bench)
    // Never online: the bench numbers from its typed range HP 1-899.
    const vet = await createVet(bench, 'Dra. Ruiz')
    const offline = [(await receive(bench, vet, 'Luna')).protocol, (await receive(bench, vet, 'Kira')).protocol]
    expect(offline.map((p) => p.number)).toEqual([hp(1), hp(2)])

    const status = await pair(bench, server, 'Recepción A')
    expect([status.state, status.pending, status.conflicts]).toEqual(['idle', 0, 0])
    expect(localRanges(bench).map((r) => r.claim_status)).toEqual(['claimed', 'claimed'])
    const onServer = await serverProtocols(server)
    expect(onServer.map((row) => `${String(row.fields.number)} ${(row.fields.animal as { name: string }).name}`).sort()).toEqual([
      `${hp(1)} Luna`,
      `${hp(2)} Kira`
    ])

    // Later receptions come from the server block leased at pairing, which overlaps the claimed
    // range: numbers already given are passed over, and the server takes the new one too.
    const later = (await receive(bench, vet, 'Toby')).protocol
    expect(later.number).toBe(hp(3))
    const again = await bench.call('sync.now', { wait: true })
    expect([again.pending, again.conflicts]).toEqual([0, 0])
    expect((await serverProtocols(server)).map((row) => row.fields.number).sort()).toEqual([hp(1), hp(2), hp(3)])
    // Nothing is claimed twice: a second round sends no claim.
    expect(localRanges(bench).every((r) => r.claim_status === 'claimed')).toBe(true)
  })

  it('two benches with the same local range: the first to sync keeps it, the second is told and numbers from server blocks', async () => {
    server = await startSyncServer({ now: () => testClock().getTime() })
    const a = await benchWithTypedRanges(year)
    const b = await benchWithTypedRanges(year)
    benches.push(a, b)
    const vetA = await createVet(a, 'Dra. Ruiz')
    const vetB = await createVet(b, 'Dr. Soler')
    // Both offline, both from HP 1-899: the same numbers.
    await receive(a, vetA, 'Luna')
    await receive(a, vetA, 'Kira')
    await receive(b, vetB, 'Rex')
    await receive(b, vetB, 'Nala')
    expect(Object.values(numbersByAnimal(a)).sort()).toEqual(Object.values(numbersByAnimal(b)).sort())

    const statusA = await pair(a, server, 'Recepción A')
    expect([statusA.pending, statusA.conflicts]).toEqual([0, 0])
    const statusB = await pair(b, server, 'Recepción B')
    expect(statusB.pending).toBe(0)

    const { conflicts } = await b.call('sync.conflicts', {})
    const ranges = conflicts.filter((c) => c.code === 'range_taken')
    // HP and CT: both of B's local ranges lie in A's.
    expect(ranges.map((c) => c.label).sort()).toEqual([`CT ${String(year % 100)}/0001-0899`, `HP ${String(year % 100)}/0001-0899`])
    for (const conflict of ranges) {
      expect(conflict).toMatchObject({ entity: 'protocol', kind: 'rejected' })
      expect(conflict.message).toContain('Recepción A')
      expect(conflict.message).toContain('closed')
    }
    // B's two protocols carry A's numbers: the server refuses them. A's protocols with those
    // numbers land on B all the same (never dropped), and B's give the numbers up, keeping them
    // as aliases, to be renumbered.
    const refused = conflicts.filter((c) => c.code !== 'range_taken')
    expect(refused.filter((c) => c.kind === 'rejected').map((c) => [c.code, c.label]).sort()).toEqual([
      ['number_outside_block', hp(1)],
      ['number_outside_block', hp(2)],
      ['number_taken', hp(1)],
      ['number_taken', hp(2)]
    ])
    expect(refused.filter((c) => c.kind === 'apply_failed')).toHaveLength(0)
    const onB = b.host.db.prepare(`SELECT animal_name, number, number_refused FROM protocols ORDER BY animal_name`).all()
    expect(onB).toEqual([
      { animal_name: 'Kira', number: hp(2), number_refused: null },
      { animal_name: 'Luna', number: hp(1), number_refused: null },
      { animal_name: 'Nala', number: null, number_refused: 'number_taken' },
      { animal_name: 'Rex', number: null, number_refused: 'number_taken' }
    ])
    expect(statusB.conflicts).toBe(ranges.length + refused.length)
    expect(localRanges(b).every((r) => r.claim_status === 'refused' && r.next_seq === r.range_end + 1)).toBe(true)

    // B's next reception uses a server block, which lies above A's range; the server takes it.
    const next = (await receive(b, vetB, 'Coco')).protocol
    expect(next.seq).toBeGreaterThan(899)
    const after = await b.call('sync.now', { wait: true })
    expect([after.pending, after.conflicts]).toEqual([0, statusB.conflicts])

    const onServer = await serverProtocols(server)
    const numbers = onServer.map((row) => String(row.fields.number))
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(onServer.map((row) => `${String(row.fields.number)} ${(row.fields.animal as { name: string }).name}`).sort()).toEqual(
      [`${hp(1)} Luna`, `${hp(2)} Kira`, `${next.number!} Coco`].sort()
    )
  })

  it('a bench leased into its range while it paired keeps the numbers it already gave', async () => {
    server = await startSyncServer({ now: () => testClock().getTime() })
    const fixture = server
    proxy = await startFaultyProxy(() => fixture.url)
    const a = await benchWithTypedRanges(year)
    benches.push(a)
    const vet = await createVet(a, 'Dra. Ruiz')
    await receive(a, vet, 'Luna')
    await receive(a, vet, 'Kira')
    // Another bench pairs between A's pairing and A's first claim: its blocks start right above
    // A's (inside A's local range HP 1-899).
    let other: { blocks: { type: string; start: number; end: number }[] } | undefined
    proxy.beforeNext('/v1/blocks/claim', async () => {
      other = await createSyncClient({ baseUrl: fixture.url, now: () => testClock().getTime() }).pair(await fixture.code(), 'Recepción B')
    })
    const status = await pair(a, server, 'Recepción A', proxy.url)
    const otherHp = other!.blocks.filter((blk) => blk.type === 'HP')
    expect(otherHp.some((blk) => blk.start <= 899)).toBe(true)

    const { conflicts } = await a.call('sync.conflicts', {})
    expect(conflicts.map((c) => c.code)).toEqual(['range_taken', 'range_taken'])
    const hpConflict = conflicts.find((c) => c.label?.startsWith('HP'))!
    expect(hpConflict.message).toContain(`${hp(1)}-0002`)
    expect(hpConflict.message).toContain('stay valid')
    expect(status.pending).toBe(0)
    expect((await serverProtocols(server)).map((row) => row.fields.number).sort()).toEqual([hp(1), hp(2)])
    // A numbers on from its own server block, past the numbers it gave offline.
    const next = (await receive(a, vet, 'Toby')).protocol
    expect(otherHp.some((blk) => blk.start <= next.seq! && next.seq! <= blk.end)).toBe(false)
    expect((await a.call('sync.now', { wait: true })).conflicts).toBe(2)
    expect((await serverProtocols(server)).map((row) => row.fields.number)).toContain(next.number)
  })
})
