import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { computeTotals } from '../../../src/shared/totals'
import { formatWorkOrderNumber, WorkOrderChange, WorkOrderDetail } from '../../../src/shared/work-orders'
import { decodeQr, flatText, inkRatio, pdfPageCount, pdfPagePng, pdfText } from '../../support/pdf-tools'
import { startWorkOrderFixture, type WorkOrderFixture } from './fixture'
import { testClock } from '../../support/test-clock'

const codeOf = (error: unknown) => (error as { code?: string }).code

describe('work orders', () => {
  let f: WorkOrderFixture
  beforeEach(async () => {
    f = await startWorkOrderFixture({ clock: testClock })
  })
  afterEach(async () => {
    await f.bench.close()
  })

  const count = (sql: string, ...params: unknown[]) => f.bench.host.db.prepare(sql).pluck().get(...params) as number

  const draftWithAll = async () => {
    const created = await f.bench.call('workOrders.create', { veterinarianId: f.vetId, protocolIds: f.protocolIds })
    return WorkOrderChange.parse(created)
  }

  it('lists the veterinarian among those with protocols to bill, and offers their received protocols and the price list', async () => {
    const pending = await f.bench.call('workOrders.pending', {})
    expect(pending.find((vet) => vet.veterinarianId === f.vetId)?.protocols).toBe(3)
    const candidates = await f.bench.call('workOrders.candidates', { veterinarianId: f.vetId })
    expect(candidates.protocols.map((p) => p.number).sort()).toEqual([...f.protocolNumbers].sort())
    expect(candidates.services.length).toBeGreaterThan(0)
    expect(candidates.services.every((service) => service.active)).toBe(true)
  })

  it('creates a draft with one line per protocol priced from the catalogue, each type with its own service', async () => {
    const { order, pdfJobId } = await draftWithAll()
    expect(order.status).toBe('draft')
    expect(order.number).toBeNull()
    expect(order.lines.map((line) => line.protocolNumber)).toEqual(f.protocolNumbers)
    const services = (await f.bench.call('workOrders.candidates', { veterinarianId: f.vetId })).services
    for (const line of order.lines) {
      const service = services.find((s) => s.id === line.serviceId)!
      expect(line.code).toBe(service.code)
      expect(line.unitPriceCents).toBe(service.unitPriceCents)
      expect(line.code.startsWith(line.protocolNumber!.slice(0, 2))).toBe(true)
    }
    expect(order.totalCents).toBe(computeTotals({ lines: order.lines }).totalCents)
    // Saving pre-renders the PDF in a queued job.
    expect(pdfJobId).not.toBeNull()
    expect(f.bench.host.queue.get(pdfJobId!)?.kind).toBe('artifacts.render')
  })

  it('saves quantity, discounts and notes with an audit row and an outbox row in the same change', async () => {
    const { order } = await draftWithAll()
    const audits = count(`SELECT count(*) FROM audit_log WHERE entity = 'work_order' AND entity_id = ?`, order.id)
    const outbox = count(`SELECT count(*) FROM outbox WHERE entity = 'work_order' AND entity_id = ?`, order.id)
    const lines = order.lines.map((line, i) => ({ id: line.id, protocolId: line.protocolId, serviceId: line.serviceId!, quantity: i + 1, discountPercent: i === 0 ? 10 : 0 }))
    const saved = await f.bench.call('workOrders.save', { id: order.id, expectedUpdatedAt: order.updatedAt, discountPercent: 5, notes: 'Factura mensual', lines })
    expect(saved.order.lines.map((line) => line.quantity)).toEqual([1, 2, 3])
    expect(saved.order.discountPercent).toBe(5)
    expect(saved.order.totalCents).toBe(computeTotals({ lines: saved.order.lines, orderDiscountPercent: 5 }).totalCents)
    expect(count(`SELECT count(*) FROM audit_log WHERE entity = 'work_order' AND entity_id = ? AND action = 'work_order.saved'`, order.id)).toBe(1)
    expect(count(`SELECT count(*) FROM audit_log WHERE entity = 'work_order' AND entity_id = ?`, order.id)).toBe(audits + 1)
    expect(count(`SELECT count(*) FROM outbox WHERE entity = 'work_order' AND entity_id = ?`, order.id)).toBe(outbox + 1)
    // A stale editor is refused instead of overwriting.
    await expect(f.bench.call('workOrders.save', { id: order.id, expectedUpdatedAt: order.updatedAt, lines })).rejects.toMatchObject({ code: 'conflict' })
  })

  it('keeps the price a line was added with when the catalogue changes, and re-prices only a changed service', async () => {
    const { order } = await draftWithAll()
    const first = order.lines[0]!
    f.bench.host.db.prepare(`UPDATE services SET unit_price_cents = unit_price_cents + 1000 WHERE id = ?`).run(first.serviceId)
    const lines = order.lines.map((line) => ({ id: line.id, protocolId: line.protocolId, serviceId: line.serviceId!, quantity: 1 }))
    const kept = await f.bench.call('workOrders.save', { id: order.id, lines })
    expect(kept.order.lines[0]!.unitPriceCents).toBe(first.unitPriceCents)
    const newLine = await f.bench.call('workOrders.save', { id: order.id, lines: [...lines, { protocolId: first.protocolId, serviceId: first.serviceId! }] })
    expect(newLine.order.lines[3]!.unitPriceCents).toBe(first.unitPriceCents + 1000)
  })

  it('refuses lines for protocols of another veterinarian and services not in the price list', async () => {
    const { order } = await draftWithAll()
    const otherVet = await f.bench.call('veterinarians.create', { name: 'Dr. Soler', clinic: '', email: '', phone: '', licence: '' })
    await f.bench.call('reception.receive', { type: 'HP', veterinarianId: otherVet.id, animal: { name: 'Rex', species: 'Perro', owner: 'Soler' }, sample: { sampleType: 'Biopsia', containers: [{}] } })
    const other = f.bench.host.db.prepare(`SELECT id FROM protocols WHERE veterinarian_id <> ? AND number IS NOT NULL LIMIT 1`).pluck().get(f.vetId) as string | undefined
    const serviceId = order.lines[0]!.serviceId!
    expect(other).toBeDefined()
    await expect(f.bench.call('workOrders.save', { id: order.id, lines: [{ protocolId: other, serviceId }] })).rejects.toMatchObject({ code: 'line_not_billable', params: { line: 1 } })
    await expect(f.bench.call('workOrders.save', { id: order.id, lines: [{ protocolId: null, serviceId: order.id }] })).rejects.toMatchObject({ code: 'line_service_unknown', params: { line: 1 } })
  })

  it('issues with the next number of the year; the issued order is immutable, also to SQL', async () => {
    const { order } = await draftWithAll()
    const { order: issued, pdfJobId } = await f.bench.call('workOrders.issue', { id: order.id })
    expect(issued.status).toBe('issued')
    expect(issued.number).toBe(formatWorkOrderNumber(testClock().getFullYear(), 1))
    expect(issued.issuedBy).toBe('Ana (demo)')
    expect(pdfJobId).not.toBeNull()

    const second = (await f.bench.call('workOrders.create', { veterinarianId: f.vetId, protocolIds: [] })).order
    await f.bench.call('workOrders.save', { id: second.id, lines: [{ protocolId: null, serviceId: issued.lines[0]!.serviceId! }] })
    expect((await f.bench.call('workOrders.issue', { id: second.id })).order.number).toBe(formatWorkOrderNumber(testClock().getFullYear(), 2))

    await expect(f.bench.call('workOrders.save', { id: order.id, lines: [] })).rejects.toMatchObject({ code: 'immutable' })
    await expect(f.bench.call('workOrders.discard', { id: order.id })).rejects.toMatchObject({ code: 'immutable' })
    await expect(f.bench.call('workOrders.issue', { id: order.id })).rejects.toMatchObject({ code: 'immutable' })
    expect(() => f.bench.host.db.prepare(`UPDATE work_orders SET notes = 'x' WHERE id = ?`).run(order.id)).toThrow(/immutable/)
    expect(() => f.bench.host.db.prepare(`UPDATE work_order_lines SET quantity = 9 WHERE work_order_id = ?`).run(order.id)).toThrow(/draft/)
    expect(() => f.bench.host.db.prepare(`DELETE FROM work_orders WHERE id = ?`).run(order.id)).toThrow(/immutable/)
  })

  it('takes billed protocols off the candidates and refuses to bill a protocol twice', async () => {
    const a = (await draftWithAll()).order
    const b = (await draftWithAll()).order
    const onDraft = await f.bench.call('workOrders.candidates', { veterinarianId: f.vetId, workOrderId: a.id })
    expect(onDraft.protocols.every((p) => p.onDraft)).toBe(true)
    await f.bench.call('workOrders.issue', { id: a.id })
    expect((await f.bench.call('workOrders.candidates', { veterinarianId: f.vetId })).protocols).toEqual([])
    expect((await f.bench.call('workOrders.pending', {})).some((vet) => vet.veterinarianId === f.vetId)).toBe(false)
    await expect(f.bench.call('workOrders.issue', { id: b.id })).rejects.toMatchObject({ code: 'protocol_billed_elsewhere' })
    expect((await f.bench.call('workOrders.get', { id: b.id })).status).toBe('draft')
  })

  it('corrects an issued order as a new version; issuing it cancels the old one in the same transaction', async () => {
    const { order } = await draftWithAll()
    const issued = (await f.bench.call('workOrders.issue', { id: order.id })).order
    const { order: correction } = await f.bench.call('workOrders.correct', { id: issued.id })
    expect(correction).toMatchObject({ status: 'draft', version: 2, supersedesId: issued.id, number: issued.number })
    expect(correction.lines.map((l) => [l.code, l.unitPriceCents, l.protocolId])).toEqual(issued.lines.map((l) => [l.code, l.unitPriceCents, l.protocolId]))
    // Asking again opens the same draft, not a second one.
    expect((await f.bench.call('workOrders.correct', { id: issued.id })).order.id).toBe(correction.id)
    // The protocols of the order being corrected stay available to its correction.
    expect((await f.bench.call('workOrders.candidates', { veterinarianId: f.vetId, workOrderId: correction.id })).protocols).toHaveLength(3)

    const lines = correction.lines.slice(0, 2).map((l) => ({ id: l.id, protocolId: l.protocolId, serviceId: l.serviceId!, quantity: 2 }))
    await f.bench.call('workOrders.save', { id: correction.id, lines })
    const { order: v2 } = await f.bench.call('workOrders.issue', { id: correction.id })
    expect(v2).toMatchObject({ status: 'issued', number: issued.number, version: 2 })
    const v1 = WorkOrderDetail.parse(await f.bench.call('workOrders.get', { id: issued.id }))
    expect(v1).toMatchObject({ status: 'cancelled', supersededById: v2.id })
    expect(v1.issuedAt).toBe(issued.issuedAt)
    expect(v1.audit.map((entry) => entry.action)).toContain('work_order.superseded')
    // One number for both versions; the third protocol, dropped by the correction, can be billed again.
    expect(count(`SELECT count(*) FROM work_orders WHERE seq IS NOT NULL`)).toBe(1)
    expect((await f.bench.call('workOrders.candidates', { veterinarianId: f.vetId })).protocols.map((p) => p.id)).toEqual([f.protocolIds[2]])
  })

  it('issuing a correction whose predecessor was meanwhile cancelled changes nothing', async () => {
    const issued = (await f.bench.call('workOrders.issue', { id: (await draftWithAll()).order.id })).order
    const correction = (await f.bench.call('workOrders.correct', { id: issued.id })).order
    await f.bench.call('workOrders.cancel', { id: issued.id, reason: 'Duplicada' })
    await expect(f.bench.call('workOrders.issue', { id: correction.id })).rejects.toMatchObject({ code: 'correction_target_not_issued' })
    expect((await f.bench.call('workOrders.get', { id: correction.id })).status).toBe('draft')
    expect(count(`SELECT count(*) FROM audit_log WHERE entity_id = ? AND action = 'work_order.issued'`, correction.id)).toBe(0)
  })

  it('cancels an issued order with a reason; a draft is discarded instead', async () => {
    const issued = (await f.bench.call('workOrders.issue', { id: (await draftWithAll()).order.id })).order
    const { order: cancelled } = await f.bench.call('workOrders.cancel', { id: issued.id, reason: 'Error de facturación' })
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Error de facturación' })
    await expect(f.bench.call('workOrders.correct', { id: issued.id })).rejects.toMatchObject({ code: 'immutable' })
    expect((await f.bench.call('workOrders.candidates', { veterinarianId: f.vetId })).protocols).toHaveLength(3)

    const draft = (await draftWithAll()).order
    await expect(f.bench.call('workOrders.cancel', { id: draft.id, reason: 'x' })).rejects.toMatchObject({ code: 'conflict' })
    await f.bench.call('workOrders.discard', { id: draft.id })
    await expect(f.bench.call('workOrders.get', { id: draft.id })).rejects.toMatchObject({ code: 'not_found' })
    expect(count(`SELECT count(*) FROM outbox WHERE entity_id = ? AND op = 'delete'`, draft.id)).toBe(1)
    const listed = await f.bench.call('workOrders.list', {})
    expect(listed.rows.map((row) => row.id)).not.toContain(draft.id)
    expect((await f.bench.call('workOrders.list', { status: 'cancelled' })).rows.map((row) => row.id)).toEqual([issued.id])
  })

  it('refuses every change without a clerk on duty', async () => {
    await f.bench.call('clerks.remove', { name: 'Ana (demo)' })
    try {
      await f.bench.call('workOrders.create', { veterinarianId: f.vetId, protocolIds: [] })
      expect.unreachable()
    } catch (error) {
      expect(codeOf(error)).toBe('no_clerk')
    }
  })

  it('renders the issued PDF in a worker: number, lines and totals on the page, verification QR on page one', async () => {
    const { order } = await draftWithAll()
    const { order: issued } = await f.bench.call('workOrders.issue', { id: order.id })
    await f.bench.host.queue.drained()
    const pdf = await f.bench.call('workOrders.pdf', { id: issued.id })
    expect(pdf.state).toBe('ready')
    if (pdf.state !== 'ready') return
    expect(pdf.fileName).toBe(`${issued.number!.replace(/[ /]/g, '-')}-v1.pdf`)
    const bytes = new Uint8Array(Buffer.from(pdf.pdfBase64, 'base64'))
    expect(await pdfPageCount(bytes)).toBe(1)
    const text = flatText(await pdfText(bytes))
    expect(text).toContain(issued.number!)
    expect(text).toContain(f.vetName)
    for (const line of issued.lines) {
      expect(text).toContain(line.protocolNumber!)
      expect(text).toContain(line.code)
    }
    expect(text).not.toContain('BORRADOR')
    const page = await pdfPagePng(bytes, 1, 110)
    expect(inkRatio(page)).toBeGreaterThan(0.01)
    expect(decodeQr(page)).toBe(`https://lab.example/p/ot/${issued.id}`)
  })
})
