/**
 * A work order's versions share its number, so "Renumerar" moves every version that carried the
 * refused one: the first version takes the new sequence, the correction carries the number alone,
 * each keeps the old one as an alias, is audited and pushed (the first version first, so the
 * server accepts the number before the correction names it). A refused order is not corrected
 * before it is renumbered: the correction would carry a number the server refused.
 *
 * The refusal is written as the push step writes it (number_refused), and the leased block as a
 * pairing writes it: renumber-work-order.test.ts covers both against the real server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatWorkOrderNumber } from '../../../src/shared/work-orders'
import { flatText, pdfText } from '../../support/pdf-tools'
import { testClock } from '../../support/test-clock'
import { startWorkOrderFixture, type WorkOrderFixture } from './fixture'

describe('renumbering a corrected work order', () => {
  let f: WorkOrderFixture
  beforeEach(async () => {
    f = await startWorkOrderFixture()
  })
  afterEach(async () => {
    await f.bench.close()
  })

  it('moves every version that carried the refused number, first version first', async () => {
    const year = testClock().getFullYear()
    const db = f.bench.host.db
    const draft = await f.bench.call('workOrders.create', { veterinarianId: f.vetId, protocolIds: f.protocolIds.slice(0, 1) })
    const first = (await f.bench.call('workOrders.issue', { id: draft.order.id })).order
    const correction = (await f.bench.call('workOrders.correct', { id: first.id })).order
    const second = (await f.bench.call('workOrders.issue', { id: correction.id })).order
    const refused = formatWorkOrderNumber(year, 1)
    expect([first.number, second.number]).toEqual([refused, refused])

    db.prepare(`UPDATE work_orders SET number_refused = 'number_outside_block' WHERE id IN (?, ?)`).run(first.id, second.id)
    await expect(f.bench.call('workOrders.correct', { id: second.id })).rejects.toMatchObject({ code: 'renumber_first' })
    expect(db.prepare(`SELECT count(*) FROM work_orders WHERE supersedes_id = ?`).pluck().get(second.id)).toBe(0)

    db.prepare(
      `INSERT INTO number_blocks (id, type, year, range_start, range_end, next_seq, source, created_at) VALUES (?, 'OT', ?, 101, 200, 101, 'server', ?)`
    ).run(`OT-${year}-101`, year, testClock().toISOString())
    const topBefore = db.prepare(`SELECT max(op_seq) FROM outbox`).pluck().get() as number
    const { order, previousNumber } = await f.bench.call('workOrders.renumber', { id: second.id })
    const number = formatWorkOrderNumber(year, 101)
    expect([previousNumber, order.number]).toEqual([refused, number])
    const rows = db.prepare(`SELECT id, number, seq, number_refused AS refused, renumbers FROM work_orders ORDER BY version`).all()
    expect(rows).toEqual([
      { id: first.id, number, seq: 101, refused: null, renumbers: 1 },
      { id: second.id, number, seq: null, refused: null, renumbers: 1 }
    ])
    expect(db.prepare(`SELECT entity_id, number FROM number_aliases WHERE entity = 'work_order' ORDER BY entity_id`).raw().all()).toEqual(
      [
        [first.id, refused],
        [second.id, refused]
      ].sort()
    )
    expect(db.prepare(`SELECT entity_id FROM audit_log WHERE action = 'work_order.renumbered' ORDER BY rowid`).pluck().all()).toEqual([first.id, second.id])
    const pushed = db.prepare(`SELECT entity_id, json_extract(payload_json, '$.number') AS number FROM outbox WHERE op_seq > ? AND entity = 'work_order' ORDER BY op_seq`).raw().all(topBefore)
    expect(pushed).toEqual([
      [first.id, number],
      [second.id, number]
    ])

    await f.bench.host.queue.drained()
    const pdf = await f.bench.call('workOrders.pdf', { id: second.id })
    if (pdf.state !== 'ready') throw new Error(`the PDF is ${pdf.state}`)
    const text = flatText(await pdfText(new Uint8Array(Buffer.from(pdf.pdfBase64, 'base64'))))
    expect(text).toContain(number)
    expect(text).not.toContain(refused)
    // Renumbered, the order can be corrected again, and the correction carries the new number.
    const next = (await f.bench.call('workOrders.correct', { id: second.id })).order
    expect(next.number).toBe(number)
  })
})
