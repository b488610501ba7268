/**
 * Work orders and reports travel between benches with their PDFs (issue 15, part 1), on the real
 * reference server over both storage backends: bytes identical (hash checked) on the other bench,
 * read-only there, no second v1 report anywhere, billing on every bench sees what another billed,
 * and PDF bytes that do not match their SHA-256 are refused on the way up and on the way down.
 */
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { isSyncError } from '../../../src/main/features/sync/client'
import { newId } from '../../../src/shared/ids'
import { installLabPriceList, type TestHost } from '../../support/bench-host'
import { describeEachBackend } from '../../server/support'
import { sampleContent } from '../reports/support'
import { createVet, receive, serverOnBackend, startPairedBench } from './support'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function settled(bench: TestHost): Promise<void> {
  await bench.host.queue.drained()
  await new Promise((resolve) => setImmediate(resolve))
}

describeEachBackend('work orders and reports on every bench, with their PDFs', (backend) => {
  const fixture = serverOnBackend(backend)

  it('an issued order and a finalized report made on A open on B byte for byte; B bills and reports nothing twice', async () => {
    const { server } = await fixture.start()
    const a = fixture.keep(await startPairedBench(server, 'Recepción A'))
    const b = fixture.keep(await startPairedBench(server, 'Recepción B'))
    // The server's stored bytes of a blob replaced, as a damaged disk or a bad restore would.
    const overwriteBlob = async (sha: string, bytes: Buffer) => expect(await fixture.tamper('UPDATE blobs SET content = ? WHERE sha256 = ?', [bytes, sha])).toBe(1)
    installLabPriceList(a.host)
    installLabPriceList(b.host)
    const vet = await createVet(a, 'Dra. Ruiz', 'ruiz@example.org')
    const billed = [(await receive(a, vet, 'Luna')).protocol, (await receive(a, vet, 'Kira')).protocol]
    const reported = (await receive(a, vet, 'Toby')).protocol

    const draft = await a.call('workOrders.create', { veterinarianId: vet.id, protocolIds: billed.map((p) => p.id) })
    const { order } = await a.call('workOrders.issue', { id: draft.order.id })
    const report = await a.call('reports.saveDraft', { protocolId: reported.id, content: sampleContent() })
    await a.call('reports.finalize', { id: report.id })
    await settled(a)
    const orderPdfOnA = await a.call('workOrders.pdf', { id: order.id })
    expect(orderPdfOnA.state).toBe('ready')
    const orderBytesOnA = Buffer.from(orderPdfOnA.state === 'ready' ? orderPdfOnA.pdfBase64 : '', 'base64')
    const reportPdfOnA = await a.call('reports.pdf', { id: report.id })

    const statusA = await a.call('sync.now', { wait: true })
    expect([statusA.state, statusA.pending, statusA.conflicts]).toEqual(['idle', 0, 0])
    // A malformed upload is refused by the server: its bytes must hash to the name they are sent under.
    const reader = await server.reader()
    const refused = await reader.putBlob(sha256(Buffer.from('other bytes')), orderBytesOnA).catch((error: unknown) => error)
    expect(isSyncError(refused) && refused.code).toBe('blob_hash_mismatch')

    // The report's bytes on the server go bad: B refuses them and has no report yet, still no v1.
    const goodReportBytes = Buffer.from(reportPdfOnA.pdfBase64, 'base64')
    const damaged = Buffer.from(goodReportBytes)
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 20) ^ 0xff, damaged.length - 20)
    await overwriteBlob(reportPdfOnA.sha256, damaged)
    const statusB = await b.call('sync.now', { wait: true })
    expect(statusB.state).toBe('idle')
    const conflicts = (await b.call('sync.conflicts', {})).conflicts
    expect(conflicts.map((c) => [c.entity, c.entityId, c.code]), JSON.stringify(conflicts)).toEqual([['report', report.id, 'blob_hash_mismatch']])
    const waiting = await b.call('reports.forProtocol', { protocolId: reported.id })
    // The page learns before anyone types that no first report is taken here.
    expect([waiting.versions, waiting.reportedElsewhere]).toEqual([[], true])
    await expect(b.call('reports.saveDraft', { protocolId: reported.id, content: sampleContent() })).rejects.toMatchObject({ code: 'report_elsewhere' })

    // The right bytes again: the next round brings the report.
    await overwriteBlob(reportPdfOnA.sha256, goodReportBytes)
    await b.call('sync.now', { wait: true })

    // The order on B: issued, same number, the very PDF A issued, read-only.
    const orderOnB = await b.call('workOrders.get', { id: order.id })
    expect([orderOnB.status, orderOnB.number, orderOnB.lines.map((line) => line.protocolId)]).toEqual(['issued', order.number, billed.map((p) => p.id)])
    const orderPdfOnB = await b.call('workOrders.pdf', { id: order.id })
    expect(orderPdfOnB.state).toBe('ready')
    const orderBytesOnB = Buffer.from(orderPdfOnB.state === 'ready' ? orderPdfOnB.pdfBase64 : '', 'base64')
    expect(sha256(orderBytesOnB)).toBe(sha256(orderBytesOnA))
    await expect(b.call('workOrders.cancel', { id: order.id, reason: 'prueba' })).rejects.toMatchObject({ code: 'document_read_only' })
    // It says where it came from; on A it is A's own.
    expect(orderOnB.copiedFrom).toEqual({ benchName: 'Recepción A' })
    expect((await a.call('workOrders.get', { id: order.id })).copiedFrom).toBeNull()

    // The report on B: finalized, its PDF byte for byte A's.
    const onB = await b.call('reports.forProtocol', { protocolId: reported.id })
    expect(onB.current).toMatchObject({ id: report.id, status: 'finalized', version: 1, pdfSha256: reportPdfOnA.sha256, copiedFrom: { benchName: 'Recepción A' } })
    expect(onB.reportedElsewhere).toBe(false)
    expect((await a.call('reports.forProtocol', { protocolId: reported.id })).current?.copiedFrom).toBeNull()
    const reportPdfOnB = await b.call('reports.pdf', { id: report.id })
    expect(sha256(Buffer.from(reportPdfOnB.pdfBase64, 'base64'))).toBe(reportPdfOnA.sha256)
    expect(reportPdfOnB.pdfBase64).toBe(reportPdfOnA.pdfBase64)

    // No second v1 on B, nor at the server from any device.
    await expect(b.call('reports.saveDraft', { protocolId: reported.id, content: sampleContent() })).rejects.toMatchObject({ code: 'report_has_final' })
    const lab = await server.lab()
    const pushed = await lab.client.push({
      afterOpSeq: 0,
      ops: [{ deviceId: lab.deviceId, opSeq: 1, entity: 'report', entityId: newId(), op: 'upsert', fields: { protocolId: reported.id, version: 1, amendsId: null, status: 'draft' } }]
    })
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', code: 'report_version_taken' })

    // Amending stays possible on B: v2 reaches the server without a conflict.
    const amendment = await b.call('reports.amend', { id: report.id })
    expect([amendment.version, amendment.amendsId]).toEqual([2, report.id])
    const after = await b.call('sync.now', { wait: true })
    expect([after.state, after.pending]).toEqual(['idle', 0])
    expect((await b.call('sync.conflicts', {})).conflicts.map((c) => c.code)).toEqual(['blob_hash_mismatch'])

    // "Pendientes de facturar" on B leaves out what A billed: only the reported protocol is left.
    const pending = await b.call('workOrders.pending', {})
    expect(pending.find((row) => row.veterinarianId === vet.id)?.protocols).toBe(1)
    const candidates = await b.call('workOrders.candidates', { veterinarianId: vet.id })
    expect(candidates.protocols.map((c) => c.id)).toEqual([reported.id])
  }, 180_000)
})
