import { afterEach, expect, it } from 'vitest'
import { tableDigest } from '../../src/main/features/sync/table-digest'
import type { SyncRow } from '../../src/shared/sync-protocol'
import { describeEachBackend, newId, op, pullAll, push, startTestServer, type Bench, type TestServer } from './support'

async function addVeterinarians(bench: Bench, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId())
  await push(bench, ids.map((id, i) => op(bench, { entity: 'veterinarian', entityId: id, op: 'upsert', fields: { name: `Vet ${i}` } })))
  return ids
}

/** What a bench holds after applying rows in order: the latest state per id. */
function applyRows(state: Map<string, SyncRow>, rows: SyncRow[]): void {
  for (const row of rows) state.set(`${row.entity}:${row.id}`, row)
}

describeEachBackend('pull, snapshot and digests', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  it('pages changes since a cursor, each row once at its latest version, deletions included', async () => {
    server = await startTestServer(backend)
    const writer = await server.pair('Bench 1')
    const reader = await server.pair('Bench 2')
    const ids = await addVeterinarians(writer, 25)

    const first = await reader.client.pull(0, 10)
    expect(first.rows).toHaveLength(10)
    expect(first.hasMore).toBe(true)
    expect(first.cursor).toBe(first.rows[9]!.version)
    const versions = first.rows.map((row) => row.version)
    expect([...versions].sort((a, b) => a - b)).toEqual(versions)

    // Changes made between pages show up later, at their new version, and are not lost.
    await push(writer, [
      op(writer, { entity: 'veterinarian', entityId: ids[0]!, op: 'upsert', fields: { clinic: 'Norte' } }),
      op(writer, { entity: 'veterinarian', entityId: ids[1]!, op: 'delete' })
    ])
    const state = new Map<string, SyncRow>()
    applyRows(state, first.rows)
    let cursor = first.cursor
    let pages = 1
    for (;;) {
      const page = await reader.client.pull(cursor, 10)
      applyRows(state, page.rows)
      cursor = page.cursor
      pages += 1
      if (!page.hasMore) break
    }
    expect(pages).toBe(3)
    expect(state.size).toBe(25)
    expect(state.get(`veterinarian:${ids[0]}`)!.fields).toEqual({ name: 'Vet 0', clinic: 'Norte' })
    expect(state.get(`veterinarian:${ids[1]}`)!.deletedAt).not.toBeNull()
    expect((await reader.client.pull(cursor, 10)).rows).toEqual([])
    expect((await reader.client.pull(cursor, 10)).cursor).toBe(cursor)
  })

  it('gives a snapshot of live rows that, with the pull after it, ends where the server is', async () => {
    server = await startTestServer(backend)
    const writer = await server.pair('Bench 1')
    const fresh = await server.pair('New bench')
    const ids = await addVeterinarians(writer, 12)
    await push(writer, [op(writer, { entity: 'veterinarian', entityId: ids[11]!, op: 'delete' })])

    const page1 = await fresh.client.snapshot({ limit: 5 })
    expect(page1.rows).toHaveLength(5)
    expect(page1.next).not.toBeNull()
    // Meanwhile: a row already delivered is deleted, one not yet delivered changes, one is added.
    await push(writer, [
      op(writer, { entity: 'veterinarian', entityId: page1.rows[0]!.id, op: 'delete' }),
      op(writer, { entity: 'veterinarian', entityId: ids[9]!, op: 'upsert', fields: { clinic: 'Sur' } }),
      op(writer, { entity: 'veterinarian', entityId: newId(), op: 'upsert', fields: { name: 'Vet new' } })
    ])
    const state = new Map<string, SyncRow>()
    applyRows(state, page1.rows)
    let next = page1.next
    while (next !== null) {
      const page = await fresh.client.snapshot({ after: next, until: page1.snapshotSeq, limit: 5 })
      expect(page.snapshotSeq).toBe(page1.snapshotSeq)
      expect(page.rows.every((row) => row.deletedAt === null && row.version <= page1.snapshotSeq)).toBe(true)
      applyRows(state, page.rows)
      next = page.next
    }
    const catchUp = await fresh.client.pull(page1.snapshotSeq, 1000)
    applyRows(state, catchUp.rows)

    const live = [...state.values()].filter((row) => row.deletedAt === null)
    const server_ = (await pullAll(writer)).rows.filter((row) => row.deletedAt === null)
    expect(live.map((row) => [row.id, row.version]).sort()).toEqual(server_.map((row) => [row.id, row.version]).sort())
    expect(live).toHaveLength(11)
    expect(state.get(`veterinarian:${ids[9]}`)!.fields.clinic).toBe('Sur')
  })

  it('keeps per-table digests that match what a bench computes from its pulled rows', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const ids = await addVeterinarians(bench, 6)
    await push(bench, [
      op(bench, { entity: 'veterinarian', entityId: ids[0]!, op: 'delete' }),
      op(bench, { entity: 'veterinarian', entityId: ids[1]!, op: 'upsert', fields: { clinic: 'Este' } }),
      op(bench, { entity: 'service', entityId: newId(), op: 'upsert', fields: { code: 'HP1', description: 'Biopsy', unitPriceCents: 3500 } })
    ])
    const { rows, cursor } = await pullAll(bench)
    const digests = await bench.client.tableDigests()
    expect(digests.serverSeq).toBe(cursor)
    for (const table of digests.tables) {
      const local = tableDigest(rows.filter((row) => row.entity === table.entity && row.deletedAt === null))
      expect(table, table.entity).toEqual({ entity: table.entity, ...local })
    }
    expect(digests.tables.find((t) => t.entity === 'veterinarian')!.count).toBe(5)

    // A bench that missed one change sees the drift.
    const stale = rows.map((row) => (row.id === ids[1] ? { ...row, version: row.version - 1 } : row))
    const vets = digests.tables.find((t) => t.entity === 'veterinarian')!
    expect(tableDigest(stale.filter((r) => r.entity === 'veterinarian' && r.deletedAt === null)).hash).not.toBe(vets.hash)
  })
})
