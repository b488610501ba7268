import { afterEach, expect, it } from 'vitest'
import type { NumberBlock, RangeTakenDetails } from '../../src/shared/sync-protocol'
import { MAX_SEQ } from '../../src/shared/domain'
import { MAX_RANGE_NUMBERS } from '../../src/shared/numbering'
import { describeEachBackend, failure, newId, op, push, receivedProtocol, startTestServer, type Bench, type TestServer, serverNow } from './support'

const overlaps = (a: Pick<NumberBlock, 'start' | 'end'>, b: Pick<NumberBlock, 'start' | 'end'>) => a.start <= b.end && b.start <= a.end

describeEachBackend('claimed local ranges', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })
  const year = new Date(serverNow()).getFullYear()

  const pushNumbers = (bench: Bench, seqs: number[]) =>
    push(
      bench,
      seqs.map((seq) => op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, seq) }))
    )

  it('accepts the numbers of a claimed range, and answers the same claim again with the same block', async () => {
    server = await startTestServer(backend, { blockSize: 10 })
    const bench = await server.pair('Recepción A')
    // Outside every block of the bench until it claims the range.
    const before = await pushNumbers(bench, [5000])
    expect(before.results[0]).toMatchObject({ status: 'rejected', code: 'number_outside_block' })

    const { block } = await bench.client.claimRange({ type: 'HP', year, start: 5000, end: 5099 })
    expect(block).toMatchObject({ type: 'HP', year, start: 5000, end: 5099 })
    expect((await bench.client.claimRange({ type: 'HP', year, start: 5000, end: 5099 })).block).toEqual(block)

    const after = await pushNumbers(bench, [5001, 5099])
    expect(after.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    // The claim is for HP only.
    const other = await push(bench, [
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, 5002, { type: 'CT', number: `CT ${String(year % 100)}/5002` }) })
    ])
    expect(other.results[0]).toMatchObject({ status: 'rejected', code: 'number_outside_block' })
  })

  it("refuses a range overlapping another bench's block, claim or number, naming the overlap", async () => {
    server = await startTestServer(backend, { blockSize: 10 })
    const a = await server.pair('Recepción A')
    // A's own leased blocks (from 1 up) are no obstacle to A.
    const ownBlocks = a.blocks.filter((blk) => blk.type === 'HP' && blk.year === year)
    expect(ownBlocks.some((blk) => overlaps(blk, { start: 1, end: 899 }))).toBe(true)
    await a.client.claimRange({ type: 'HP', year, start: 1, end: 899 })
    const b = await server.pair('Recepción B')

    const taken = await failure(b.client.claimRange({ type: 'HP', year, start: 800, end: 999 }))
    expect([taken.status, taken.code]).toEqual([409, 'range_taken'])
    expect(taken.message).toContain('Recepción A')
    const details = taken.details as RangeTakenDetails
    expect(details.overlaps).toContainEqual({ start: 1, end: 899, benchName: 'Recepción A' })
    expect(details.overlaps.every((o) => o.benchName === 'Recepción A')).toBe(true)

    // B's own leased blocks keep A from claiming over them.
    const bBlock = b.blocks.find((blk) => blk.type === 'CT' && blk.year === year)!
    const overB = await failure(a.client.claimRange({ type: 'CT', year, start: bBlock.start, end: bBlock.start }))
    expect(overB.code).toBe('range_taken')
    expect((overB.details as RangeTakenDetails).overlaps).toEqual([{ start: bBlock.start, end: bBlock.end, benchName: 'Recepción B' }])

    // A range next to the claim is free.
    expect((await b.client.claimRange({ type: 'HP', year, start: 900, end: 999 })).block.start).toBe(900)
  })

  it('never leases a block overlapping a claimed range', async () => {
    server = await startTestServer(backend, { blockSize: 10, blockLowWater: 0 })
    const a = await server.pair('Recepción A')
    const claim = { type: 'HP' as const, year, start: 1, end: 450 }
    await a.client.claimRange(claim)
    const b = await server.pair('Recepción B')
    const leased = [...b.blocks, ...(await b.client.leaseBlock('HP', year)).blocks].filter((blk) => blk.type === 'HP' && blk.year === year)
    expect(leased.length).toBeGreaterThan(0)
    for (const block of leased) expect(overlaps(block, claim), `${block.id} overlaps the claim`).toBe(false)
    // A's own next lease also starts above its claim.
    const held = a.blocks.filter((blk) => blk.type === 'HP' && blk.year === year)
    await pushNumbers(a, held.flatMap((blk) => Array.from({ length: blk.end - blk.start + 1 }, (_, i) => blk.start + i)))
    const more = (await a.client.leaseBlock('HP', year)).blocks
    expect(more.filter((blk) => blk.start > claim.end).length).toBeGreaterThan(0)
    // A claim inside what B holds now is refused, and B's numbers there are B's.
    const inB = leased[0]!
    expect((await failure(a.client.claimRange({ type: 'HP', year, start: inB.start, end: inB.end }))).code).toBe('range_taken')
  })

  it('two benches claiming the same range at once: exactly one gets it', async () => {
    server = await startTestServer(backend)
    const benches = await Promise.all(['A', 'B', 'C'].map((name) => server!.pair(`Recepción ${name}`)))
    const outcomes = await Promise.allSettled(benches.map((bench) => bench.client.claimRange({ type: 'CT', year, start: 2000, end: 2999 })))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code: string }).code] : []))
    expect(refusals).toEqual(['range_taken', 'range_taken'])
  })

  it('refuses a malformed claim', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Recepción A')
    const bad = [
      { type: 'HP', year, start: 10, end: 9 },
      { type: 'XX', year, start: 1, end: 9 },
      { type: 'HP', year, start: 0, end: 9 },
      { type: 'HP', year, start: 1, end: 1_000_000 },
      { type: 'HP', year: 1999, start: 1, end: 9 },
      { type: 'HP', year, start: 1.5, end: 9 },
      // Beyond the documented format (five digits at most) and longer than a typed range may be.
      { type: 'HP', year, start: 99_990, end: 100_000 },
      { type: 'HP', year, start: 1, end: MAX_RANGE_NUMBERS + 1 },
      { type: 'OT', year, start: 600_000, end: 999_999 }
    ]
    for (const body of bad) {
      const error = await failure(bench.client.claimRange(body as never))
      expect([error.status, error.code], JSON.stringify(body)).toEqual([400, 'invalid_payload'])
    }
    // Unsigned claims are refused before anything else.
    const unsigned = await fetch(`${server.url}/v1/blocks/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'HP', year, start: 1, end: 9 })
    })
    expect(unsigned.status).toBe(401)
    // A past year, or one beyond the next, is refused with its own code.
    for (const body of [{ type: 'HP', year: year - 1, start: 1, end: 9 }, { type: 'CT', year: year + 2, start: 1, end: 9 }, { type: 'HP', year: 2999, start: 1, end: 9 }]) {
      const error = await failure(bench.client.claimRange(body as never))
      expect([error.status, error.code], JSON.stringify(body)).toEqual([422, 'year_out_of_range'])
    }
    // Nothing of the refused claims was registered: another bench may claim the range, and the
    // largest range allowed, up to the last number, is accepted.
    const other = await server.pair('Recepción B')
    await expect(other.client.claimRange({ type: 'HP', year, start: 9000, end: 9009 })).resolves.toBeDefined()
    await expect(other.client.claimRange({ type: 'HP', year: year + 1, start: MAX_SEQ - MAX_RANGE_NUMBERS + 1, end: MAX_SEQ })).resolves.toBeDefined()
  })
})
