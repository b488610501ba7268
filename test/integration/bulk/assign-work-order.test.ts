import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { defaultServiceFor } from '../../../src/shared/work-orders'
import type { BulkItemView } from '../../../src/shared/bulk'
import { waitForBatch } from './bulk-fixture'

/**
 * Bulk "assign to a work order" against the real host: the work-order assigner is wired into
 * the bulk module, lines land on the veterinarian's draft with catalogue prices, refusals come
 * back per protocol, undo takes away exactly the lines the batch added, and an issued order
 * refuses both.
 */
describe('bulk assignment to a work order (real host)', () => {
  let bench: TestHost
  let vetA: string
  let vetB: string
  /** Five received protocols of vet A, in the order they were received. */
  let received: string[]
  let otherVet: string
  let rejected: string
  /** A received protocol of vet A put on the draft when it was created. */
  let onDraft: string
  let draftId: string

  const receive = async (veterinarianId: string, name: string, decision: 'accept' | 'reject' = 'accept') => {
    const { protocol } = await bench.call('reception.receive', {
      type: 'HP',
      veterinarianId,
      animal: { name, species: 'Perro', owner: 'Muñoz' },
      sample: { sampleType: 'Biopsia', containers: [{}] },
      decision,
      ...(decision === 'reject' ? { rejectionReason: 'Muestra sin fijar' } : {})
    })
    return protocol.id
  }

  const items = async (batchId: string) => (await bench.call('bulk.items', { batchId, limit: 100 })).rows
  const byProtocol = (rows: readonly BulkItemView[]) => new Map(rows.map((row) => [row.protocolId, row]))
  const auditActions = (id: string) => bench.host.db.prepare(`SELECT action FROM audit_log WHERE entity = 'work_order' AND entity_id = ? ORDER BY rowid`).pluck().all(id) as string[]
  const outboxRows = (id: string) => bench.host.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'work_order' AND entity_id = ?`).pluck().get(id) as number

  beforeEach(async () => {
    bench = await startTestHost({ demoProtocols: 5 })
    vetA = (await bench.call('veterinarians.create', { name: 'Dra. Íñiga Alcázar', clinic: 'Clínica Norte', email: 'a@norte.example', phone: '', licence: 'A-1' })).id
    vetB = (await bench.call('veterinarians.create', { name: 'Dr. Bruno Ortega', clinic: 'Clínica Sur', email: 'b@sur.example', phone: '', licence: 'B-2' })).id
    received = []
    for (const name of ['Toby', 'Luna', 'Canela', 'Rex', 'Nala']) received.push(await receive(vetA, name))
    otherVet = await receive(vetB, 'Kira')
    rejected = await receive(vetA, 'Coco', 'reject')
    onDraft = await receive(vetA, 'Max')
    draftId = (await bench.call('workOrders.create', { veterinarianId: vetA, protocolIds: [onDraft] })).order.id
  })
  afterEach(async () => {
    await bench.close()
  })

  it('adds each received protocol of the vet as a priced line, refuses the others per item, and undo removes exactly those lines', async () => {
    const before = await bench.call('workOrders.get', { id: draftId })
    const selection = [...received, otherVet, rejected, onDraft]
    const started = await bench.call('bulk.start', { action: 'assignWorkOrder', workOrderId: draftId, selection: { ids: selection } })
    const done = await waitForBatch(bench.host, started.id)
    expect(done.counts).toEqual({ pending: 0, succeeded: received.length, failed: 3, unavailable: 0 })
    expect(done.undoable).toBe(true)

    const outcomes = byProtocol(await items(started.id))
    for (const id of received) expect(outcomes.get(id)).toMatchObject({ outcome: 'succeeded', result: { workOrderId: draftId } })
    expect(outcomes.get(otherVet)).toMatchObject({ outcome: 'failed', code: 'other_veterinarian' })
    expect(outcomes.get(otherVet)?.message).toMatch(/another veterinarian/)
    expect(outcomes.get(rejected)).toMatchObject({ outcome: 'failed', code: 'protocol_not_billable' })
    expect(outcomes.get(rejected)?.message).toMatch(/rejected/)
    expect(outcomes.get(onDraft)).toMatchObject({ outcome: 'failed', code: 'already_on_order' })
    expect(outcomes.get(onDraft)?.message).toMatch(/already on this work order/)

    const after = await bench.call('workOrders.get', { id: draftId })
    // The line that was there stays first; the batch's lines follow in selection order.
    expect(after.lines.map((line) => line.protocolId)).toEqual([onDraft, ...received])
    const service = defaultServiceFor('HP', (await bench.call('workOrders.candidates', { veterinarianId: vetA })).services)!
    for (const line of after.lines.slice(1)) {
      expect(line).toMatchObject({ serviceId: service.id, code: service.code, unitPriceCents: service.unitPriceCents, quantity: 1, discountPercent: 0, taxRatePercent: service.taxRatePercent })
      expect(outcomes.get(line.protocolId!)?.result).toMatchObject({ lineId: line.id })
    }
    expect(after.updatedAt).not.toBe(before.updatedAt)
    expect(auditActions(draftId)).toEqual(['work_order.created', 'work_order.bulk_assigned'])
    expect(outboxRows(draftId)).toBe(2)

    // A line the clerk saved by hand for a protocol of the batch is not the batch's: undo leaves it.
    const handEdited = received[0]!
    const lines = after.lines
      .filter((line) => line.protocolId !== handEdited)
      .map((line) => ({ id: line.id, protocolId: line.protocolId, serviceId: line.serviceId!, quantity: line.quantity, discountPercent: line.discountPercent }))
    await bench.call('workOrders.save', { id: draftId, lines: [...lines, { protocolId: handEdited, serviceId: service.id, quantity: 2 }] })

    const undo = await waitForBatch(bench.host, (await bench.call('bulk.undo', { batchId: started.id })).id)
    expect(undo.counts).toMatchObject({ succeeded: received.length - 1, failed: 1 })
    expect(byProtocol(await items(undo.id)).get(handEdited)).toMatchObject({ outcome: 'failed', code: 'line_gone' })
    const undone = await bench.call('workOrders.get', { id: draftId })
    expect(undone.lines.map((line) => [line.protocolId, line.quantity])).toEqual([
      [onDraft, 1],
      [handEdited, 2]
    ])
    expect(auditActions(draftId).at(-1)).toBe('work_order.bulk_unassigned')
  })

  it('an issued order refuses a bulk assignment and its undo; a protocol billed on it is refused on another draft', async () => {
    const first = await waitForBatch(bench.host, (await bench.call('bulk.start', { action: 'assignWorkOrder', workOrderId: draftId, selection: { ids: received.slice(0, 2) } })).id)
    expect(first.counts.succeeded).toBe(2)
    await bench.call('workOrders.issue', { id: draftId })
    const issuedLines = (await bench.call('workOrders.get', { id: draftId })).lines.map((line) => line.id)

    // Undo of the batch: the order is no longer a draft.
    const undo = await waitForBatch(bench.host, (await bench.call('bulk.undo', { batchId: first.id })).id)
    expect(undo.counts).toMatchObject({ succeeded: 0, failed: 2 })
    expect((await items(undo.id)).map((row) => row.code)).toEqual(['work_order_not_draft', 'work_order_not_draft'])
    expect((await bench.call('workOrders.get', { id: draftId })).lines.map((line) => line.id)).toEqual(issuedLines)

    // Assigning to the issued order: every item refused, nothing written.
    const refused = await waitForBatch(bench.host, (await bench.call('bulk.start', { action: 'assignWorkOrder', workOrderId: draftId, selection: { ids: received.slice(2) } })).id)
    expect(refused.counts).toMatchObject({ succeeded: 0, failed: 3 })
    expect(new Set((await items(refused.id)).map((row) => row.code))).toEqual(new Set(['work_order_not_draft']))
    expect((await bench.call('workOrders.get', { id: draftId })).lines.map((line) => line.id)).toEqual(issuedLines)

    // A second draft of the same vet: the protocols billed on the issued order are refused, the rest go in.
    const second = (await bench.call('workOrders.create', { veterinarianId: vetA, protocolIds: [] })).order.id
    const batch = await waitForBatch(bench.host, (await bench.call('bulk.start', { action: 'assignWorkOrder', workOrderId: second, selection: { ids: received } })).id)
    const outcomes = byProtocol(await items(batch.id))
    for (const id of received.slice(0, 2)) {
      expect(outcomes.get(id)).toMatchObject({ outcome: 'failed', code: 'protocol_billed_elsewhere' })
      expect(outcomes.get(id)?.message).toMatch(/issued work order/)
    }
    expect((await bench.call('workOrders.get', { id: second })).lines.map((line) => line.protocolId)).toEqual(received.slice(2))
  })
})
