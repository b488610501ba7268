/**
 * "Renumerar" for work orders, as for protocols: two benches issued OT 26/0001 from the same
 * typed range while offline. The one that syncs second is refused the number, and the order the
 * server accepted lands on it all the same (never dropped, never a failed row): its own order
 * gives the number up, keeps it as an alias, and is renumbered from a block the server leased.
 * The new number is on its PDF (a new cache key, the old file not served for it), in the audit,
 * in the veterinarian's message and on the server; the old one still finds the order.
 */
import { expect, it } from 'vitest'
import { describeEachBackend } from '../../server/support'
import { installLabPriceList, startTestHost, typedRange, type TestHost } from '../../support/bench-host'
import { testClock } from '../../support/test-clock'
import { flatText, pdfText } from '../../support/pdf-tools'
import { formatWorkOrderNumber } from '../../../src/shared/work-orders'
import { ADMIN_PIN, createVet, receive, serverOnBackend, serverRows, type ServerFixture } from './support'

/** A bench used before pairing: its own HP range (protocols do not collide here), the shared OT range. */
async function offlineBench(year: number, hpStart: number): Promise<TestHost> {
  const bench = await startTestHost({ demoProtocols: 0, clock: testClock })
  await bench.call('settings.update', { syncIntervalSeconds: 3600 })
  installLabPriceList(bench.host)
  await bench.call('numbers.addLocalRange', typedRange({ type: 'HP', year, start: hpStart, end: hpStart + 49 }))
  await bench.call('numbers.addLocalRange', typedRange({ type: 'OT', year, start: 1, end: 20 }))
  return bench
}

async function issueOne(bench: TestHost, vetName: string, email: string) {
  const vet = await createVet(bench, vetName, email)
  const protocol = (await receive(bench, vet, 'Toby')).protocol
  const draft = await bench.call('workOrders.create', { veterinarianId: vet.id, protocolIds: [protocol.id] })
  return (await bench.call('workOrders.issue', { id: draft.order.id })).order
}

async function pair(bench: TestHost, server: ServerFixture, name: string) {
  await bench.call('sync.pair', { serverUrl: server.url, code: await server.code(), benchName: name, adminPin: ADMIN_PIN })
  return bench.call('sync.now', { wait: true })
}

async function readyPdf(bench: TestHost, id: string) {
  await bench.host.queue.drained()
  const pdf = await bench.call('workOrders.pdf', { id })
  if (pdf.state !== 'ready') throw new Error(`the PDF of ${id} is ${pdf.state}`)
  return { key: pdf.key, fileName: pdf.fileName, text: flatText(await pdfText(new Uint8Array(Buffer.from(pdf.pdfBase64, 'base64')))) }
}

describeEachBackend('renumbering a work order the server refused', (backend) => {
  const fixture = serverOnBackend(backend)

  it('the pulled order keeps the number; the local one gives it up, is renumbered from a leased block, and the server takes it', async () => {
    const year = testClock().getFullYear()
    const { server } = await fixture.start({ now: () => testClock().getTime() })
    const a = fixture.keep(await offlineBench(year, 1))
    // B's HP range lies far above the blocks the server leases A, so only the OT numbers meet.
    const b = fixture.keep(await offlineBench(year, 90_001))
    const first = await issueOne(a, 'Dra. Ruiz', '')
    const mine = await issueOne(b, 'Dr. Soler', 'soler@example.org')
    const taken = formatWorkOrderNumber(year, 1)
    expect([first.number, mine.number]).toEqual([taken, taken])
    const oldPdf = await readyPdf(b, mine.id)
    expect(oldPdf.text).toContain(taken)
    // Not refused yet: nothing to renumber.
    await expect(b.call('workOrders.renumber', { id: mine.id })).rejects.toMatchObject({ code: 'conflict' })

    await pair(a, server, 'Recepción A')
    const paired = await pair(b, server, 'Recepción B')
    expect(paired.conflicts).toBeGreaterThan(0)
    const db = b.host.db
    const row = () => db.prepare(`SELECT number, seq, number_refused AS refused, renumbers FROM work_orders WHERE id = ?`).get(mine.id) as { number: string | null; seq: number | null; refused: string | null; renumbers: number }
    // A's order came down with the number and landed; B's gave it up (kept as an alias) to be renumbered.
    expect(db.prepare(`SELECT number FROM work_orders WHERE id = ?`).pluck().get(first.id)).toBe(taken)
    expect(row()).toMatchObject({ number: null, seq: null, refused: 'number_taken' })
    expect(db.prepare(`SELECT number FROM number_aliases WHERE entity = 'work_order' AND entity_id = ?`).pluck().all(mine.id)).toEqual([taken])
    const open = (await b.call('sync.conflicts', {})).conflicts
    expect(open.filter((conflict) => conflict.kind === 'apply_failed')).toEqual([])
    expect(open.find((conflict) => conflict.code === 'number_taken')).toMatchObject({ entity: 'work_order', entityId: mine.id, label: taken, renumberable: true })
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'work_order.number_taken' AND entity_id = ?`).pluck().get(mine.id)).toBe(1)
    // "Renumerar" is offered on the order's entries only (the refused typed range is reviewed, not renumbered).
    const renumberable = async () => [...new Set((await b.call('sync.conflicts', {})).conflicts.filter((conflict) => conflict.renumberable).map((conflict) => conflict.entityId))]
    expect(await renumberable()).toEqual([mine.id])

    // With no OT number the server confirmed left, the renumber is refused and nothing changes.
    const held = db.prepare(`SELECT id, next_seq FROM number_blocks WHERE source = 'server' AND type = 'OT'`).all() as { id: string; next_seq: number }[]
    expect(held.length).toBeGreaterThan(0)
    db.prepare(`UPDATE number_blocks SET next_seq = range_end + 1 WHERE source = 'server' AND type = 'OT'`).run()
    const audits = () => db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'work_order.renumbered'`).pluck().get()
    const outboxTop = () => db.prepare(`SELECT max(op_seq) FROM outbox`).pluck().get()
    const topBefore = outboxTop()
    await expect(b.call('workOrders.renumber', { id: mine.id })).rejects.toMatchObject({ code: 'renumber_no_block' })
    expect(row()).toMatchObject({ number: null, refused: 'number_taken', renumbers: 1 })
    expect([audits(), outboxTop()]).toEqual([0, topBefore])
    for (const block of held) db.prepare(`UPDATE number_blocks SET next_seq = ? WHERE id = ?`).run(block.next_seq, block.id)

    const renumbered = await b.call('workOrders.renumber', { id: mine.id })
    const number = renumbered.order.number!
    expect(renumbered.previousNumber).toBe(taken)
    expect(number).toMatch(/^OT \d{2}\/\d{4,5}$/)
    expect(number).not.toBe(taken)
    expect(row()).toMatchObject({ number, refused: null, renumbers: 2 })
    expect(await renumberable()).toEqual([])
    // One action: the renumber also settles the order's refusals in the conflicts list.
    const settled = open.filter((conflict) => conflict.entityId === mine.id).length
    expect(settled).toBeGreaterThan(0)
    expect((await b.call('sync.conflicts', {})).conflicts.filter((conflict) => conflict.entityId === mine.id)).toEqual([])
    expect(audits()).toBe(1)
    const audit = JSON.parse(db.prepare(`SELECT json_object('before', json(before_json), 'after', json(after_json)) FROM audit_log WHERE action = 'work_order.renumbered'`).pluck().get() as string) as {
      before: { number: string | null }
      after: { number: string; document: { number: string } }
    }
    expect([audit.before.number, audit.after.number, audit.after.document.number]).toEqual([null, number, number])
    // Its PDF is a new document (another cache key) with the new number; the old file is not what it serves.
    const newPdf = await readyPdf(b, mine.id)
    expect(newPdf.key).not.toBe(oldPdf.key)
    expect(newPdf.text).toContain(number)
    expect(newPdf.text).not.toContain(taken)
    expect(newPdf.fileName).toBe(`${number.replace(/[^A-Za-z0-9]+/g, '-')}-v1.pdf`)
    // The veterinarian is told again, with the new number.
    const messages = await b.call('notifications.forWorkOrder', { workOrderId: mine.id })
    expect(messages.map((message) => message.subject)).toEqual(expect.arrayContaining([expect.stringContaining(taken), expect.stringContaining(number)]))
    // The old number still finds it (the veterinarian's first copy shows it), beside A's order that holds it now.
    const byOld = (await b.call('workOrders.list', { number: taken })).rows.map((order) => order.id)
    expect(byOld.sort()).toEqual([first.id, mine.id].sort())
    expect((await b.call('workOrders.list', { number: number.replace(' ', '').replace('/', '-') })).rows.map((order) => order.id)).toEqual([mine.id])
    // Renumbered once: a second renumber is refused.
    await expect(b.call('workOrders.renumber', { id: mine.id })).rejects.toMatchObject({ code: 'conflict' })

    const after = await b.call('sync.now', { wait: true })
    expect(after.pending).toBe(0)
    expect(after.conflicts).toBe(paired.conflicts - settled)
    await a.call('sync.now', { wait: true })
    const orders = (await serverRows(await server.reader())).filter((row) => row.entity === 'work_order')
    const onServer = orders.find((order) => order.id === mine.id)
    expect(onServer?.fields).toMatchObject({ number, seq: Number(number.split('/')[1]), status: 'issued' })
    const numbers = orders.filter((order) => typeof order.fields.seq === 'number').map((order) => order.fields.number)
    expect(numbers).toHaveLength(2)
    expect(new Set(numbers).size).toBe(2)
    // The server holds the renumbered PDF, and A gets the order with it.
    expect(onServer?.fields.pdfSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(a.host.db.prepare(`SELECT number FROM work_orders WHERE id = ?`).pluck().get(mine.id)).toBe(number)
  }, 120_000)
})
