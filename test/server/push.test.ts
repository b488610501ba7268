import { afterEach, expect, it } from 'vitest'
import type { OpResult, PushOpInput } from '../../src/shared/sync-protocol'
import {
  describeEachBackend,
  hpBlock,
  newId,
  op,
  failure,
  pullAll,
  push,
  receivedProtocol,
  startTestServer,
  type TestServer
} from './support'

const statuses = (results: OpResult[]) => results.map((result) => result.status)

describeEachBackend('push', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  it('refuses a batch with one bad field with a clear error and applies nothing of it', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const { start, year } = hpBlock(bench)
    const ops = [
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, start) }),
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, start + 1, { seq: 'twelve' }) }),
      op(bench, { entity: 'veterinarian', entityId: newId(), op: 'upsert', fields: { name: 'Dr. Pérez' } })
    ]
    const error = await failure(push(bench, ops))
    expect([error.status, error.code, error.kind]).toEqual([400, 'invalid_payload', 'rejected'])
    expect(error.message).toContain('protocol.seq')
    expect(error.details).toMatchObject({ opSeq: 2, issues: [{ path: 'ops.1.fields.seq' }] })
    expect((await pullAll(bench)).rows).toEqual([])

    const envelope = await failure(bench.client.push({ afterOpSeq: 0, ops: [ops[2]!, ops[0]!] }))
    expect(envelope.code).toBe('invalid_payload')
    expect(JSON.stringify(envelope.details)).toContain('ops.1.opSeq')

    // Nothing was consumed: the same numbers go through once the bad op is fixed.
    const fixed = [ops[0]!, { ...ops[1]!, fields: receivedProtocol(year, start + 1) } as PushOpInput, ops[2]!]
    const response = await push(bench, fixed)
    expect(statuses(response.results)).toEqual(['applied', 'applied', 'applied'])
    expect(response.lastOpSeq).toBe(3)
  })

  it("refuses operations signed by one bench but stamped with another bench's id", async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const other = await server.pair('Bench 2')
    const forged = { ...op(bench, { entity: 'veterinarian', entityId: newId(), op: 'upsert', fields: { name: 'X' } }), deviceId: other.deviceId }
    const error = await failure(push(bench, [forged as PushOpInput]))
    expect([error.status, error.code]).toEqual([403, 'device_mismatch'])
  })

  it('applies each operation once under duplicated and reordered deliveries', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const { start, year } = hpBlock(bench)
    const ids = [newId(), newId(), newId()]
    const batchA = ids.map((id, i) => op(bench, { entity: 'protocol', entityId: id, op: 'upsert', fields: receivedProtocol(year, start + i) }))
    const batchB = ids.map((id) => op(bench, { entity: 'protocol', entityId: id, op: 'upsert', fields: { status: 'voided' } }))

    // B overtakes A on the network: refused whole, nothing applied, the server says where it stands.
    const early = await failure(bench.client.push({ afterOpSeq: 3, ops: batchB }))
    expect([early.status, early.code, early.details]).toEqual([409, 'op_gap', { lastOpSeq: 0 }])
    expect((await pullAll(bench)).rows).toEqual([])

    const first = await bench.client.push({ afterOpSeq: 0, ops: batchA })
    expect(statuses(first.results)).toEqual(['applied', 'applied', 'applied'])
    const duplicate = await bench.client.push({ afterOpSeq: 0, ops: batchA })
    expect(statuses(duplicate.results)).toEqual(['duplicate', 'duplicate', 'duplicate'])
    const second = await bench.client.push({ afterOpSeq: 3, ops: batchB })
    expect(statuses(second.results)).toEqual(['applied', 'applied', 'applied'])
    // A late copy of A after B must not bring the old status back.
    const late = await bench.client.push({ afterOpSeq: 0, ops: batchA })
    expect(statuses(late.results)).toEqual(['duplicate', 'duplicate', 'duplicate'])
    expect(late.lastOpSeq).toBe(6)

    const { rows, cursor } = await pullAll(bench)
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort())
    expect(rows.every((row) => row.fields.status === 'voided')).toBe(true)
    expect(cursor).toBe(6)
  })

  it('takes a resent batch after a lost acknowledgement without applying anything twice', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const { start, year } = hpBlock(bench)
    const firstOps = [0, 1].map((i) => op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, start + i) }))
    const sent = await bench.client.push({ afterOpSeq: 0, ops: firstOps })
    const before = await bench.client.tableDigests()
    // The bench never saw `sent`; it resends everything after 0 together with newer ops.
    const newer = op(bench, { entity: 'veterinarian', entityId: newId(), op: 'upsert', fields: { name: 'Dr. Pérez' } })
    const resent = await bench.client.push({ afterOpSeq: 0, ops: [...firstOps, newer] })
    expect(statuses(resent.results)).toEqual(['duplicate', 'duplicate', 'applied'])
    expect(resent.lastOpSeq).toBe(3)
    const after = await bench.client.tableDigests()
    expect(after.tables.find((t) => t.entity === 'protocol')).toEqual(before.tables.find((t) => t.entity === 'protocol'))
    expect(after.serverSeq).toBe(before.serverSeq + 1)
    expect(sent.lastOpSeq).toBe(2)
  })

  it('treats create-of-existing as an update and delete-of-missing as done', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const id = newId()
    const response = await push(bench, [
      op(bench, { entity: 'veterinarian', entityId: id, op: 'upsert', fields: { name: 'Dr. Pérez', clinic: 'Norte' } }),
      op(bench, { entity: 'veterinarian', entityId: id, op: 'upsert', fields: { name: 'Dra. Pérez' } }),
      op(bench, { entity: 'veterinarian', entityId: newId(), op: 'delete' })
    ])
    expect(statuses(response.results)).toEqual(['applied', 'applied', 'applied'])
    expect(response.results[2]).toMatchObject({ status: 'applied', version: null })
    const { rows } = await pullAll(bench)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.fields).toEqual({ name: 'Dra. Pérez', clinic: 'Norte' })
  })

  it('refuses numbers outside the bench blocks, taken or changed, inside a 200 answer', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const other = await server.pair('Bench 2')
    const mine = hpBlock(bench)
    const theirs = hpBlock(other)
    const numbered = newId()
    const response = await push(bench, [
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(mine.year, theirs.start) }),
      op(bench, { entity: 'protocol', entityId: numbered, op: 'upsert', fields: receivedProtocol(mine.year, mine.start) }),
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(mine.year, mine.start) }),
      op(bench, { entity: 'protocol', entityId: numbered, op: 'upsert', fields: { seq: mine.start + 1 } }),
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(mine.year, mine.start + 2, { number: 'HP 99/0001' }) }),
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(mine.year + 5, 1) })
    ])
    expect(response.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'number_outside_block',
      'applied',
      'number_taken',
      'number_immutable',
      'number_mismatch',
      'number_outside_block'
    ])
    // Refused operations are consumed: they are not offered again.
    expect(response.lastOpSeq).toBe(6)
    const { rows } = await pullAll(bench)
    expect(rows.map((row) => [row.id, row.fields.seq])).toEqual([[numbered, mine.start]])
  })

  it('deletes softly, in the change sequence, and refuses to bring a deleted row back', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const id = newId()
    await push(bench, [op(bench, { entity: 'veterinarian', entityId: id, op: 'upsert', fields: { name: 'Dr. Pérez' } })])
    const created = (await bench.client.pull(0)).rows[0]!
    const deleted = await push(bench, [op(bench, { entity: 'veterinarian', entityId: id, op: 'delete', baseVersion: created.version })])
    expect(deleted.results[0]).toMatchObject({ status: 'applied' })
    const page = await bench.client.pull(created.version)
    expect(page.rows).toHaveLength(1)
    expect(page.rows[0]!.deletedAt).not.toBeNull()
    expect(page.rows[0]!.version).toBeGreaterThan(created.version)
    expect(page.rows[0]!.fields.name).toBe('Dr. Pérez')

    const revived = await push(bench, [op(bench, { entity: 'veterinarian', entityId: id, op: 'upsert', fields: { name: 'X' } })])
    expect(revived.results[0]).toMatchObject({ status: 'rejected', code: 'entity_deleted' })
    const twice = await push(bench, [op(bench, { entity: 'veterinarian', entityId: id, op: 'delete' })])
    expect(twice.results[0]).toMatchObject({ status: 'applied', version: page.rows[0]!.version })
  })

  it('keeps lab-owned fields the lab changed and reports the conflict to the bench', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const lab = await server.pair('Lab desk', 'lab')
    const reportId = newId()
    const created = await push(bench, [
      op(bench, { entity: 'report', entityId: reportId, op: 'upsert', fields: { diagnosis: '', macroscopy: 'nodule 2 cm' } })
    ])
    const benchBase = (created.results[0] as { version: number }).version
    const labChange = await push(lab, [
      op(lab, { entity: 'report', entityId: reportId, op: 'upsert', fields: { diagnosis: 'Lipoma' }, baseVersion: benchBase })
    ])
    const labVersion = (labChange.results[0] as { version: number }).version

    // The bench edits on the state it had before the lab's diagnosis.
    const stale = await push(bench, [
      op(bench, { entity: 'report', entityId: reportId, op: 'upsert', fields: { diagnosis: 'Mast cell tumour', comments: 'urgent' }, baseVersion: benchBase })
    ])
    expect(stale.results[0]).toMatchObject({
      status: 'applied',
      conflicts: [{ field: 'diagnosis', reason: 'lab_owned', serverValue: 'Lipoma' }]
    })
    let row = (await pullAll(bench)).rows.find((r) => r.id === reportId)!
    expect(row.fields).toMatchObject({ diagnosis: 'Lipoma', comments: 'urgent', macroscopy: 'nodule 2 cm' })

    // A delete on the old state is refused for the same reason; one on the new state goes through.
    const staleDelete = await push(bench, [op(bench, { entity: 'report', entityId: reportId, op: 'delete', baseVersion: benchBase })])
    expect(staleDelete.results[0]).toMatchObject({ status: 'rejected', code: 'owner_changed' })

    // Having pulled the lab's change, the bench may change the field.
    const informed = await push(bench, [
      op(bench, { entity: 'report', entityId: reportId, op: 'upsert', fields: { diagnosis: 'Lipoma (benign)' }, baseVersion: labVersion })
    ])
    expect(informed.results[0]).toMatchObject({ status: 'applied', conflicts: [] })
    row = (await pullAll(bench)).rows.find((r) => r.id === reportId)!
    expect(row.fields.diagnosis).toBe('Lipoma (benign)')
  })

  it('keeps reception fields the bench changed against a lab write made on an older state', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const lab = await server.pair('Lab desk', 'lab')
    const { start, year } = hpBlock(bench)
    const id = newId()
    const created = await push(bench, [op(bench, { entity: 'protocol', entityId: id, op: 'upsert', fields: receivedProtocol(year, start) })])
    const base = (created.results[0] as { version: number }).version
    await push(bench, [op(bench, { entity: 'protocol', entityId: id, op: 'upsert', fields: { veterinarianName: 'Dr. Gil' }, baseVersion: base })])
    const labWrite = await push(lab, [
      op(lab, { entity: 'protocol', entityId: id, op: 'upsert', fields: { veterinarianName: 'Dra. Ruiz', status: 'processing' }, baseVersion: base })
    ])
    expect(labWrite.results[0]).toMatchObject({ status: 'applied', conflicts: [{ field: 'veterinarianName', reason: 'bench_owned' }] })
    const row = (await pullAll(lab)).rows.find((r) => r.id === id)!
    expect(row.fields).toMatchObject({ veterinarianName: 'Dr. Gil', status: 'processing' })
  })
})
