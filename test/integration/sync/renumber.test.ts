/**
 * "Renumerar": a protocol whose number the server refused gets a number the server confirmed, a
 * new label at the printer at once, and keeps its old number as an alias that scanning and search
 * still find; the change is audited, the veterinarian is told the new number, and the next sync
 * is accepted.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { formatProtocolNumber } from '../../../src/shared/domain'
import { zplPrinterAt } from '../../../bench/workloads/host'
import { startTestHost, typedRange, type TestHost } from '../../support/bench-host'
import { testClock } from '../../support/test-clock'
import { ADMIN_PIN, createVet, receive, serverRows, startSyncServer, type ServerFixture } from './support'

async function benchWithTypedRange(year: number): Promise<TestHost> {
  const bench = await startTestHost({ demoProtocols: 0, clock: testClock })
  await bench.call('settings.update', { syncIntervalSeconds: 3600 })
  await bench.call('numbers.addLocalRange', typedRange({ type: 'HP', year, start: 1, end: 50 }))
  return bench
}

async function pair(bench: TestHost, server: ServerFixture, name: string) {
  await bench.call('sync.pair', { serverUrl: server.url, code: await server.code(), benchName: name, adminPin: ADMIN_PIN })
  return bench.call('sync.now', { wait: true })
}

describe('renumbering a protocol the server refused', () => {
  let server: ServerFixture | undefined
  let sink: PrinterSink | undefined
  const benches: TestHost[] = []
  afterEach(async () => {
    for (const bench of benches.splice(0)) await bench.close()
    await sink?.close()
    await server?.cleanup()
    server = sink = undefined
  })

  it('gives a confirmed number, prints the new label, keeps the old number as an alias, and the server takes it', async () => {
    const year = testClock().getFullYear()
    server = await startSyncServer({ now: () => testClock().getTime() })
    sink = await startPrinterSink()
    const a = await benchWithTypedRange(year)
    const b = await benchWithTypedRange(year)
    benches.push(a, b)
    // Both typed the same range while offline: both gave HP 0001.
    const luna = (await receive(a, await createVet(a, 'Dra. Ruiz'), 'Luna')).protocol
    const rex = (await receive(b, await createVet(b, 'Dr. Soler', 'soler@example.org'), 'Rex')).protocol
    expect(rex.number).toBe(formatProtocolNumber('HP', year, 1))
    // Not refused yet: nothing to renumber.
    await expect(b.call('protocols.renumber', { id: rex.id })).rejects.toMatchObject({ code: 'conflict' })

    await pair(a, server, 'Recepción A')
    const paired = await pair(b, server, 'Recepción B')
    expect(paired.conflicts).toBeGreaterThan(0)
    const db = b.host.db
    // The server refused Rex's number, and A's Luna, which the server holds with it, came down in
    // the pull: it lands (it is not dropped as a failed row), and Rex gives the number up, keeping
    // it as an alias, to be renumbered.
    expect(db.prepare(`SELECT number FROM protocols WHERE id = ?`).pluck().get(luna.id)).toBe(rex.number)
    expect(db.prepare(`SELECT number_refused FROM protocols WHERE id = ?`).pluck().get(rex.id)).toBe('number_taken')
    expect(db.prepare(`SELECT number FROM protocols WHERE id = ?`).pluck().get(rex.id)).toBeNull()
    const open = (await b.call('sync.conflicts', {})).conflicts
    expect(open.filter((conflict) => conflict.kind === 'apply_failed')).toEqual([])
    expect(open.find((conflict) => conflict.code === 'number_taken')).toMatchObject({ entityId: rex.id, label: rex.number })
    expect(db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'protocol.number_taken' AND entity_id = ?`).pluck().get(rex.id)).toBe(1)
    // The Sync page's conflicts list offers "Renumerar" on the protocol's refusals, and only there.
    const renumberable = async () => [...new Set((await b.call('sync.conflicts', {})).conflicts.filter((conflict) => conflict.renumberable).map((conflict) => conflict.entityId))]
    expect(await renumberable()).toEqual([rex.id])

    // With no number the server confirmed left, the renumber is refused and nothing changes.
    const held = db.prepare(`SELECT id, next_seq FROM number_blocks WHERE source = 'server' AND type = 'HP'`).all() as { id: string; next_seq: number }[]
    db.prepare(`UPDATE number_blocks SET next_seq = range_end + 1 WHERE source = 'server' AND type = 'HP'`).run()
    const audits = () => db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'protocol.renumbered'`).pluck().get()
    await expect(b.call('protocols.renumber', { id: rex.id })).rejects.toMatchObject({ code: 'renumber_no_block' })
    expect(db.prepare(`SELECT number FROM protocols WHERE id = ?`).pluck().get(rex.id)).toBeNull()
    expect(db.prepare(`SELECT number_refused FROM protocols WHERE id = ?`).pluck().get(rex.id)).toBe('number_taken')
    expect(audits()).toBe(0)
    for (const block of held) db.prepare(`UPDATE number_blocks SET next_seq = ? WHERE id = ?`).run(block.next_seq, block.id)

    await b.call('settings.update', { printer: zplPrinterAt(sink.port) })
    const { protocol, previousNumber, labelJobId } = await b.call('protocols.renumber', { id: rex.id })
    expect(previousNumber).toBe(rex.number)
    expect(protocol.number).not.toBe(rex.number)
    expect(protocol.number).toMatch(/^HP \d{2}\/\d{4}$/)
    expect(labelJobId).not.toBeNull()
    const [label] = await sink.waitForJobs(1)
    expect(label!.toString('utf8')).toContain(`^FD${protocol.number!}^FS`)
    expect(db.prepare(`SELECT number_refused FROM protocols WHERE id = ?`).pluck().get(rex.id)).toBeNull()
    expect(await renumberable()).toEqual([])
    // One action: the renumber also settles the protocol's refusals in the conflicts list.
    const settled = open.filter((conflict) => conflict.entityId === rex.id).length
    expect(settled).toBeGreaterThan(0)
    expect((await b.call('sync.conflicts', {})).conflicts.filter((conflict) => conflict.entityId === rex.id)).toEqual([])
    expect(audits()).toBe(1)
    // The veterinarian's notice carries the new number.
    const notices = db.prepare(`SELECT subject || ' ' || body_text FROM notifications WHERE protocol_id = ? ORDER BY created_at, rowid`).pluck().all(rex.id) as string[]
    expect(notices).toHaveLength(2)
    expect(notices[1]).toContain(protocol.number!)
    // The old label still finds the protocol, by scanning and by search.
    const scanned = await b.call('reception.lookup', { text: rex.number! })
    expect(scanned.matches.map((match) => match.id)).toContain(rex.id)
    expect((await b.call('protocols.search', { text: rex.number! })).rows.map((row) => row.id)).toContain(rex.id)
    // A renumbered protocol is not refused twice: a second renumber is refused.
    await expect(b.call('protocols.renumber', { id: rex.id })).rejects.toMatchObject({ code: 'conflict' })

    const after = await b.call('sync.now', { wait: true })
    expect([after.pending, after.conflicts]).toEqual([0, paired.conflicts - settled])
    const onServer = (await serverRows(await server.reader())).filter((row) => row.entity === 'protocol')
    const rexOnServer = onServer.find((row) => row.id === rex.id)
    expect(rexOnServer?.fields.number).toBe(protocol.number)
    const numbers = onServer.map((row) => row.fields.number)
    expect(new Set(numbers).size).toBe(numbers.length)
  })
})
