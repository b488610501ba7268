import { afterEach, expect, it } from 'vitest'
import { isSyncError } from '../../src/main/features/sync/client'
import type { NumberBlock } from '../../src/shared/sync-protocol'
import { describeEachBackend, newId, op, push, receivedProtocol, startTestServer, type TestServer, serverNow } from './support'

describeEachBackend('number blocks', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  it('never gives two benches overlapping blocks, even when they lease at the same time', async () => {
    server = await startTestServer(backend, { blockSize: 10, blockLowWater: 0 })
    const year = new Date(serverNow()).getFullYear()
    const benches = await Promise.all(['A', 'B', 'C', 'D'].map((name) => server!.pair(`Bench ${name}`)))
    // Each bench uses up its blocks and leases again, all at once.
    await Promise.all(
      benches.map(async (bench) => {
        const held = bench.blocks.filter((b) => b.type === 'HP' && b.year === year)
        expect(held.length).toBeGreaterThan(0)
        for (const block of held) {
          const ops = []
          for (let seq = block.start; seq <= block.end; seq += 1) {
            ops.push(op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, seq) }))
          }
          await push(bench, ops)
        }
        const leased = await Promise.all([bench.client.leaseBlock('HP', year), bench.client.leaseBlock('HP', year + 1)])
        bench.blocks.push(...leased.flatMap((l) => l.blocks))
      })
    )
    const owned = benches.flatMap((bench) => bench.blocks.map((block) => ({ ...block, owner: bench.deviceId })))
    const unique = new Map(owned.map((block) => [block.id, block]))
    for (const a of unique.values()) {
      for (const b of unique.values()) {
        if (a === b || a.type !== b.type || a.year !== b.year) continue
        const overlap = a.start <= b.end && b.start <= a.end
        expect(overlap, `${a.id} (${a.owner}) overlaps ${b.id} (${b.owner})`).toBe(false)
      }
    }
    // Four benches, HP this year: two blocks at pairing, used up, two more leased.
    expect([...unique.values()].filter((b) => b.type === 'HP' && b.year === year)).toHaveLength(16)
  })

  it('tops a bench up below the low-water mark and stops returning used-up blocks', async () => {
    server = await startTestServer(backend, { blockSize: 10, blockLowWater: 2 })
    const bench = await server.pair('Bench 1')
    const year = new Date(serverNow()).getFullYear()
    const first = (await bench.client.leaseBlock('HP', year)).blocks
    expect(first).toHaveLength(2)
    expect(first.map((b) => b.end - b.start + 1)).toEqual([10, 10])
    // Leasing again without using anything changes nothing.
    expect((await bench.client.leaseBlock('HP', year)).blocks).toEqual(first)

    const current = first[0]!
    const receive = (from: number, to: number) => {
      const ops = []
      for (let seq = from; seq <= to; seq += 1) {
        ops.push(op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, seq) }))
      }
      return push(bench, ops)
    }
    await receive(current.start, current.end - 2)
    const toppedUp = (await bench.client.leaseBlock('HP', year)).blocks
    expect(toppedUp).toHaveLength(3)
    expect(toppedUp.slice(0, 2)).toEqual(first)

    await receive(current.end - 1, current.end)
    const later = (await bench.client.leaseBlock('HP', year)).blocks
    expect(later.map((b: NumberBlock) => b.id)).toEqual(toppedUp.slice(1).map((b) => b.id))
  })

  it('leases only for last, this and next year', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const year = new Date(serverNow()).getFullYear()
    const next = await bench.client.leaseBlock('CT', year + 1)
    expect(next.blocks.every((b) => b.year === year + 1 && b.type === 'CT')).toBe(true)
    const error = await bench.client.leaseBlock('CT', year + 2).catch((e: unknown) => e)
    expect(isSyncError(error) && [error.status, error.code, error.kind]).toEqual([422, 'year_out_of_range', 'rejected'])
  })
})
