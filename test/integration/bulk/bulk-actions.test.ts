import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { idsWithStatus, sinkPrinter, waitForBatch } from './bulk-fixture'
import { testClock, yearDigits } from '../../support/test-clock'

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

describe('bulk actions: one job, one result per item (real host, real queue, real TCP printer)', () => {
  let bench: TestHost
  let sink: PrinterSink
  beforeEach(async () => {
    sink = await startPrinterSink()
    bench = await startTestHost({ demoProtocols: 200, clock: testClock })
  })
  afterEach(async () => {
    await bench.close()
    await sink.close()
  })

  const audit = (action: string) => bench.host.db.prepare(`SELECT entity_id FROM audit_log WHERE action = ?`).pluck().all(action) as string[]
  const statusOf = (id: string) => bench.host.db.prepare(`SELECT status FROM protocols WHERE id = ?`).pluck().get(id) as string

  it('receives pre-registered protocols like the Reception page does, prints every label, and a bad item does not stop the batch', async () => {
    await bench.call('settings.update', { printer: sinkPrinter(sink.port) })
    const registered = idsWithStatus(bench.host.db, 'registered')
    const alreadyReceived = idsWithStatus(bench.host.db, 'received', 1)
    expect(registered.length).toBeGreaterThan(5)
    const ids = [registered[0]!, alreadyReceived[0]!, UNKNOWN_ID, ...registered.slice(1)]

    const started = await bench.call('bulk.start', { action: 'receive', selection: { ids } })
    expect(started.total).toBe(ids.length)
    const done = await waitForBatch(bench.host, started.id)
    expect(done.counts).toEqual({ pending: 0, succeeded: registered.length, failed: 2, unavailable: 0 })

    const items = await bench.call('bulk.items', { batchId: started.id, limit: 500 })
    expect(items.rows.map((row) => row.protocolId)).toEqual(ids)
    expect(items.rows[1]).toMatchObject({ outcome: 'failed', code: 'conflict' })
    expect(items.rows[2]).toMatchObject({ outcome: 'failed', code: 'not_found' })
    const numbers = items.rows.filter((row) => row.outcome === 'succeeded').map((row) => row.result?.['number'] as string)
    // Numbered in selection order from the bench's local range, per type, as single receives would be.
    const next: Record<string, number> = { HP: 1, CT: 1 }
    const typeOf = (id: string) => bench.host.db.prepare(`SELECT type FROM protocols WHERE id = ?`).pluck().get(id) as string
    const year = yearDigits(testClock())
    expect(numbers).toEqual(registered.map((id) => `${typeOf(id)} ${year}/${String(next[typeOf(id)]!++).padStart(4, '0')}`))
    for (const id of registered) expect(statusOf(id)).toBe('received')
    expect(audit('protocol.received').sort()).toEqual([...registered].sort())
    const outbox = bench.host.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'protocol'`).pluck().get() as number
    expect(outbox).toBe(registered.length)

    // One label per received protocol reached the printer, each carrying its number.
    const jobs = await sink.waitForJobs(registered.length, 20_000)
    const printed = jobs.map((job) => job.toString('latin1'))
    for (const number of numbers) expect(printed.some((zpl) => zpl.includes(number))).toBe(true)
  })

  it('changes status in bulk, reports per item, and undoes the batch as a whole, audited', async () => {
    const received = idsWithStatus(bench.host.db, 'received', 6)
    const reported = idsWithStatus(bench.host.db, 'reported', 2)
    // The per-item checks below loop over these: empty lists would check nothing.
    expect([received.length, reported.length]).toEqual([6, 2])
    const ids = [...received, ...reported]
    const batch = await bench.call('bulk.start', { action: 'status', status: 'processing', selection: { ids } })
    const done = await waitForBatch(bench.host, batch.id)
    expect(done.counts).toMatchObject({ succeeded: received.length, failed: reported.length })
    expect(done.undoable).toBe(true)
    for (const id of received) expect(statusOf(id)).toBe('processing')
    for (const id of reported) expect(statusOf(id)).toBe('reported')
    const failed = await bench.call('bulk.items', { batchId: batch.id, outcome: 'failed' })
    expect(failed.rows.map((row) => row.protocolId).sort()).toEqual([...reported].sort())
    expect(failed.rows.every((row) => row.code === 'conflict')).toBe(true)

    // Someone moves one of them on before the undo: that item is left alone and says why.
    const movedOn = received[0]!
    const other = await bench.call('bulk.start', { action: 'status', status: 'received', selection: { ids: [movedOn] } })
    await waitForBatch(bench.host, other.id)

    const undo = await bench.call('bulk.undo', { batchId: batch.id })
    expect(undo.action).toBe('undo')
    expect(undo.total).toBe(received.length)
    const undone = await waitForBatch(bench.host, undo.id)
    expect(undone.counts).toMatchObject({ succeeded: received.length - 1, failed: 1 })
    for (const id of received) expect(statusOf(id)).toBe('received')
    const conflict = await bench.call('bulk.items', { batchId: undo.id, outcome: 'failed' })
    expect(conflict.rows).toHaveLength(1)
    expect(conflict.rows[0]).toMatchObject({ protocolId: movedOn, code: 'conflict' })

    const original = await bench.call('bulk.get', { batchId: batch.id })
    expect(original).toMatchObject({ undoneBy: undo.id, undoable: false })
    await expect(bench.call('bulk.undo', { batchId: batch.id })).rejects.toMatchObject({ code: 'conflict' })
    expect(audit('bulk.undone')).toEqual([batch.id])
    // Each status move (forward, the other batch, and back) is in the protocol's own audit and history.
    const moves = bench.host.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'protocol.status_changed'`).pluck().get() as number
    expect(moves).toBe(received.length + 1 + (received.length - 1))
    const history = await bench.call('protocols.get', { id: received[1]! })
    expect(history.history.map((change) => change.to).slice(-2)).toEqual(['processing', 'received'])
  })

  it('a print cannot be undone; failed items are retried alone once the cause is fixed', async () => {
    const received = idsWithStatus(bench.host.db, 'received', 4)
    const registered = idsWithStatus(bench.host.db, 'registered', 1)
    const batch = await bench.call('bulk.start', { action: 'reprint', selection: { ids: [...received, ...registered] } })
    const first = await waitForBatch(bench.host, batch.id)
    // No printer configured yet: every numbered item fails with no_printer, the unnumbered one with conflict.
    expect(first.counts).toMatchObject({ succeeded: 0, failed: received.length + 1 })
    expect(first.undoable).toBe(false)

    await bench.call('settings.update', { printer: sinkPrinter(sink.port) })
    await bench.call('bulk.retry', { batchId: batch.id, protocolIds: received.slice(0, 2) })
    const second = await waitForBatch(bench.host, batch.id)
    expect(second.counts).toMatchObject({ succeeded: 2, failed: received.length - 1 })
    const retried = await bench.call('bulk.items', { batchId: batch.id, outcome: 'succeeded' })
    expect(retried.rows.map((row) => row.protocolId)).toEqual(received.slice(0, 2))
    expect(retried.rows.every((row) => row.attempts === 2)).toBe(true)
    await sink.waitForJobs(2, 10_000)
    expect(audit('protocol.label_reprinted').sort()).toEqual(received.slice(0, 2).sort())

    await bench.call('bulk.retry', { batchId: batch.id })
    const third = await waitForBatch(bench.host, batch.id)
    expect(third.counts).toMatchObject({ succeeded: received.length, failed: 1 })
    await expect(bench.call('bulk.undo', { batchId: batch.id })).rejects.toMatchObject({ code: 'conflict' })
  })

  it('selects everything matching a search; assigning to an unknown work order is refused per item', async () => {
    const expected = bench.host.db.prepare(`SELECT id FROM protocols WHERE status = 'rejected' ORDER BY rowid DESC`).pluck().all() as string[]
    expect(expected.length).toBeGreaterThan(0)
    const batch = await bench.call('bulk.start', { action: 'assignWorkOrder', workOrderId: 'WO-1', selection: { query: { text: '', status: 'rejected' } } })
    expect(batch.total).toBe(expected.length)
    const done = await waitForBatch(bench.host, batch.id)
    expect(done.counts).toMatchObject({ failed: expected.length, unavailable: 0, succeeded: 0 })
    const items = await bench.call('bulk.items', { batchId: batch.id, limit: 500 })
    expect(items.rows.map((row) => row.protocolId)).toEqual(expected)
    expect(new Set(items.rows.map((row) => row.code))).toEqual(new Set(['not_found']))

    await expect(bench.call('bulk.start', { action: 'status', status: 'voided', selection: { query: { text: 'zzzz-nothing' } } })).rejects.toMatchObject({
      code: 'conflict'
    })
  })

  it('refuses a bulk receive without a clerk on duty', async () => {
    const other = await startTestHost({ clerk: null })
    try {
      const ids = idsWithStatus(other.host.db, 'registered', 2)
      await expect(other.call('bulk.start', { action: 'receive', selection: { ids } })).rejects.toMatchObject({ code: 'no_clerk' })
    } finally {
      await other.close()
    }
  })
})
