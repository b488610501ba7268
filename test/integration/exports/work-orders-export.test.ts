import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TestHost } from '../../support/bench-host'
import { startWorkOrderFixture } from '../work-orders/fixture'
import { createWorkOrdersRepository } from '../../../src/main/features/work-orders/work-orders-repository'
import { localDateTime } from '../../../src/main/features/exports/csv-format'
import { addDays, localDateOf } from '../../../src/shared/statistics'
import { computeTotals } from '../../../src/shared/totals'
import type { WorkOrderStatus } from '../../../src/shared/documents'
import { parseCsv, waitForExport, xlsxRows } from './export-fixture'
import { testClock } from '../../support/test-clock'

const STATUS_ES: Record<WorkOrderStatus, string> = { draft: 'Borrador', issued: 'Emitida', cancelled: 'Anulada' }

describe('exports: work orders, one row per line (real host, real files)', () => {
  let bench: TestHost
  let vetId: string
  let issuedId: string
  let draftId: string

  beforeEach(async () => {
    const fixture = await startWorkOrderFixture({ clock: testClock })
    bench = fixture.bench
    vetId = fixture.vetId
    const [first, second, third] = fixture.protocolIds as [string, string, string]
    // An issued order with a discounted line and a quantity, and a draft of the same vet.
    const created = await bench.call('workOrders.create', { veterinarianId: vetId, protocolIds: [first, second] })
    const lines = created.order.lines.map((line, index) => ({
      id: line.id,
      protocolId: line.protocolId,
      serviceId: line.serviceId!,
      quantity: index === 0 ? 3 : 1,
      discountPercent: index === 1 ? 12.5 : 0
    }))
    await bench.call('workOrders.save', { id: created.order.id, lines })
    issuedId = (await bench.call('workOrders.issue', { id: created.order.id })).order.id
    draftId = (await bench.call('workOrders.create', { veterinarianId: vetId, protocolIds: [third] })).order.id
  })
  afterEach(async () => {
    await bench.close()
  })

  /** What the export should hold, read back through the work-orders repository, orders in the order they were made. */
  const expected = (where = '1 = 1', ...params: unknown[]) => {
    const repo = createWorkOrdersRepository(bench.host.db)
    const ids = bench.host.db.prepare(`SELECT id FROM work_orders w WHERE w.deleted_at IS NULL AND ${where} ORDER BY rowid`).pluck().all(...params) as string[]
    return ids.flatMap((id) => {
      const order = repo.get(id)!
      return repo.lines(id).map((line) => [
        order.number ?? '',
        String(order.version),
        STATUS_ES[order.status],
        localDateTime(new Date(order.issuedAt ?? order.createdAt)),
        order.veterinarianName,
        line.protocolNumber ?? '',
        line.code,
        line.description,
        String(line.quantity),
        String(line.unitPriceCents / 100),
        String(line.discountPercent),
        String(line.taxRatePercent),
        String(computeTotals({ lines: [line] }).lines[0]!.lineTotalCents / 100)
      ])
    })
  }

  const exportCsv = async (params: Record<string, unknown>) => {
    const started = await bench.call('exports.start', { source: 'workOrders', format: 'csv', params, language: 'es' })
    const done = await waitForExport(bench.host, started.id)
    expect(done.state).toBe('done')
    const [header, ...rows] = parseCsv(readFileSync(done.path, 'utf8').slice(1), ';')
    return { done, header, rows }
  }

  it('writes every line of every order to CSV, row for row as the repository holds them', async () => {
    const { done, header, rows } = await exportCsv({})
    expect(header).toEqual(['Orden', 'Versión', 'Estado', 'Fecha', 'Veterinario', 'Protocolo', 'Código', 'Descripción', 'Cantidad', 'Precio unitario', 'Descuento %', 'IVA %', 'Importe'])
    const want = expected()
    expect(want.length).toBeGreaterThanOrEqual(3)
    expect(rows).toEqual(want)
    expect(done.rows).toBe(want.length)
    // The discounted line: 12.5 % off, rounded half up to the cent, written as a number of euros.
    const discounted = rows.find((row) => row[10] === '12.5')!
    const grossCents = Math.round(Number(discounted[9]) * 100) * Number(discounted[8])
    expect(Math.round(Number(discounted[12]) * 100)).toBe(grossCents - Math.round(grossCents * 0.125))
  })

  it('filters by status, veterinarian and date range', async () => {
    const issued = await exportCsv({ status: 'issued', veterinarianId: vetId })
    expect(issued.rows).toEqual(expected(`status = 'issued' AND veterinarian_id = ?`, vetId))
    expect(issued.rows).toHaveLength(2)
    expect(new Set(issued.rows.map((row) => row[0]))).toEqual(new Set([(await bench.call('workOrders.get', { id: issuedId })).number]))

    const drafts = await exportCsv({ status: 'draft', veterinarianId: vetId })
    expect(drafts.rows).toEqual(expected(`id = ?`, draftId))

    const today = localDateOf(testClock())
    expect((await exportCsv({ veterinarianId: vetId, from: today, to: today })).rows).toHaveLength(3)
    expect((await exportCsv({ veterinarianId: vetId, from: addDays(today, 1) })).rows).toEqual([])
    expect((await exportCsv({ veterinarianId: vetId, to: addDays(today, -1) })).rows).toEqual([])
  })

  it('refuses unknown filters, and writes amounts as numbers in XLSX', async () => {
    await expect(bench.call('exports.start', { source: 'workOrders', format: 'csv', params: { status: 'paid' } })).rejects.toMatchObject({ code: 'invalid_input' })
    const started = await bench.call('exports.start', { source: 'workOrders', format: 'xlsx', params: { veterinarianId: vetId }, language: 'en' })
    const done = await waitForExport(bench.host, started.id)
    expect(done.state).toBe('done')
    const rows: unknown[][] = []
    for await (const row of xlsxRows(done.path)) rows.push(row)
    const [header, ...body] = rows
    expect(header?.[12]).toBe('Line total')
    const want = expected(`veterinarian_id = ?`, vetId)
    expect(body).toHaveLength(want.length)
    body.forEach((row, i) => {
      expect(row[1]).toBe(Number(want[i]![1]))
      expect(row[9]).toBe(Number(want[i]![9]))
      expect(row[12]).toBe(Number(want[i]![12]))
      expect(row[3]).toBeInstanceOf(Date)
    })
  })
})
