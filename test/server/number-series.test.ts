import { afterEach, expect, it } from 'vitest'
import { MAX_SEQ } from '../../src/shared/domain'
import { formatWorkOrderNumber } from '../../src/shared/work-orders'
import type { NumberBlock } from '../../src/shared/sync-protocol'
import { describeEachBackend, failure, issuedOrder, newId, op, pullAll, push, receivedProtocol, serverNow, startTestServer, type Bench, type TestServer } from './support'

const otBlock = (bench: Bench, year: number): NumberBlock => bench.workOrderBlocks.find((block) => block.year === year)!

describeEachBackend('work-order numbers and the bounds of every series', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })
  const year = new Date(serverNow()).getFullYear()

  it('leases OT blocks at pairing apart from the protocol blocks, and never two overlapping ones', async () => {
    server = await startTestServer(backend, { blockSize: 10 })
    const a = await server.pair('Recepción A')
    const b = await server.pair('Recepción B')
    for (const bench of [a, b]) {
      expect(bench.blocks.every((block) => block.type !== 'OT')).toBe(true)
      expect(bench.workOrderBlocks.filter((block) => block.year === year).map((block) => [block.type, block.end - block.start + 1])).toEqual([
        ['OT', 10],
        ['OT', 10]
      ])
    }
    const all = [...a.workOrderBlocks, ...b.workOrderBlocks, ...(await a.client.leaseBlock('OT', year)).blocks]
    for (const x of all) for (const y of all) if (x.id !== y.id && x.year === y.year) expect(x.start <= y.end && y.start <= x.end, `${x.id} overlaps ${y.id}`).toBe(false)
  })

  it('accepts an OT number from the bench’s own block once, and refuses one outside its blocks, taken, mismatched or changed', async () => {
    server = await startTestServer(backend, { blockSize: 10 })
    const a = await server.pair('Recepción A')
    const b = await server.pair('Recepción B')
    const mine = otBlock(a, year)
    const theirs = otBlock(b, year)
    const first = newId()
    const results = await push(a, [
      op(a, { entity: 'work_order', entityId: first, op: 'upsert', fields: issuedOrder(year, mine.start) }),
      // Another order of A with the same number, and one with B's number.
      op(a, { entity: 'work_order', entityId: newId(), op: 'upsert', fields: issuedOrder(year, mine.start) }),
      op(a, { entity: 'work_order', entityId: newId(), op: 'upsert', fields: issuedOrder(year, theirs.start) }),
      // The number text must be the one the year and seq make.
      op(a, { entity: 'work_order', entityId: newId(), op: 'upsert', fields: issuedOrder(year, mine.start + 1, { number: 'OT 26/9999' }) }),
      // Once accepted, the number stays.
      op(a, { entity: 'work_order', entityId: first, op: 'upsert', fields: issuedOrder(year, mine.start + 2) }),
      // A draft has no number and needs no block.
      op(a, { entity: 'work_order', entityId: newId(), op: 'upsert', fields: issuedOrder(null, null, { status: 'draft' }) })
    ])
    expect(results.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'applied',
      'number_taken',
      'number_outside_block',
      'number_mismatch',
      'number_immutable',
      'applied'
    ])
    const orders = (await pullAll(b)).rows.filter((row) => row.entity === 'work_order')
    expect(orders.map((row) => row.fields.number).sort()).toEqual([formatWorkOrderNumber(year, mine.start), null].sort())
  })

  it('a correction carries the number it corrects, which must be one the server accepted', async () => {
    server = await startTestServer(backend, { blockSize: 10 })
    const a = await server.pair('Recepción A')
    const block = otBlock(a, year)
    const original = newId()
    const number = formatWorkOrderNumber(year, block.start)
    const results = await push(a, [
      op(a, { entity: 'work_order', entityId: original, op: 'upsert', fields: issuedOrder(year, block.start) }),
      op(a, { entity: 'work_order', entityId: newId(), op: 'upsert', fields: issuedOrder(null, null, { number, version: 2, supersedesId: original }) }),
      op(a, { entity: 'work_order', entityId: newId(), op: 'upsert', fields: issuedOrder(null, null, { number: formatWorkOrderNumber(year, block.end), version: 2 }) })
    ])
    expect(results.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'applied', 'number_outside_block'])
  })

  it('a typed OT range is claimed like a protocol range: accepted numbers inside it, refused over another bench’s', async () => {
    server = await startTestServer(backend, { blockSize: 10 })
    const a = await server.pair('Recepción A')
    await a.client.claimRange({ type: 'OT', year, start: 500, end: 599 })
    const accepted = await push(a, [op(a, { entity: 'work_order', entityId: newId(), op: 'upsert', fields: issuedOrder(year, 501) })])
    expect(accepted.results[0]!.status).toBe('applied')
    const b = await server.pair('Recepción B')
    const taken = await failure(b.client.claimRange({ type: 'OT', year, start: 590, end: 610 }))
    expect([taken.status, taken.code]).toEqual([409, 'range_taken'])
    // The protocol series are separate: HP 500-599 is free.
    await expect(b.client.claimRange({ type: 'HP', year, start: 500, end: 599 })).resolves.toBeDefined()
  })

  it('a claim far up the series does not drag the counter after it: leases step over it', async () => {
    server = await startTestServer(backend, { blockSize: 10, blockLowWater: 0 })
    const a = await server.pair('Recepción A')
    await a.client.claimRange({ type: 'HP', year, start: 50_000, end: 51_999 })
    const b = await server.pair('Recepción B')
    const hp = b.blocks.filter((block) => block.type === 'HP' && block.year === year)
    expect(hp.every((block) => block.end < 50_000)).toBe(true)
    // A claim the counter meets is stepped over, not leased into.
    await b.client.claimRange({ type: 'CT', year, start: 41, end: 60 })
    const c = await server.pair('Recepción C')
    const ct = c.blocks.filter((block) => block.type === 'CT' && block.year === year)
    expect(ct.map((block) => [block.start, block.end])).toEqual([
      [61, 70],
      [71, 80]
    ])
  })

  it('never leases past the largest number the format carries, and says so when a series is used up', async () => {
    server = await startTestServer(backend, { blockSize: 50_000, blockLowWater: 0 })
    const a = await server.pair('Recepción A')
    const hp = a.blocks.filter((block) => block.type === 'HP' && block.year === year)
    expect(hp.map((block) => [block.start, block.end])).toEqual([
      [1, 50_000],
      [50_001, MAX_SEQ]
    ])
    // Another bench still pairs (the pairing is not refused for one used-up series) but gets no HP block.
    const b = await server.pair('Recepción B')
    expect(b.blocks.some((block) => block.type === 'HP')).toBe(false)
    const exhausted = await failure(b.client.leaseBlock('HP', year))
    expect([exhausted.status, exhausted.code]).toEqual([409, 'numbers_exhausted'])
    // Nothing above MAX_SEQ is accepted either: a protocol numbered there is outside every block.
    const beyond = await push(a, [op(a, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, MAX_SEQ) })])
    expect(beyond.results[0]!.status).toBe('applied')
    const invalid = await failure(
      a.client.push({ afterOpSeq: a.acked, ops: [op(a, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, MAX_SEQ + 1) })] })
    )
    expect(invalid.code).toBe('invalid_payload')
  })
})
