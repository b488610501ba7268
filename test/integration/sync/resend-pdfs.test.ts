/**
 * PDFs the server lacks although a bench uploaded them (report versions finalized before the
 * server kept blobs, or a server restored from a backup): the bench's first round after a start
 * asks the server which ones it lacks and sends them again, so other benches get the report.
 */
import { expect, it } from 'vitest'
import { describeEachBackend } from '../../server/support'
import { sampleContent } from '../reports/support'
import { createVet, receive, serverOnBackend, startPairedBench } from './support'

describeEachBackend('PDFs the server lacks are sent again', (backend) => {
  const fixture = serverOnBackend(backend)

  it('a report finalized on A whose PDF the server lost reaches B once A starts again', async () => {
    const { server } = await fixture.start()
    const a = fixture.keep(await startPairedBench(server, 'Recepción A'))
    const b = fixture.keep(await startPairedBench(server, 'Recepción B'))
    const vet = await createVet(a, 'Dra. Ruiz')
    const protocol = (await receive(a, vet, 'Toby')).protocol
    const draft = await a.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    await a.call('reports.finalize', { id: draft.id })
    await a.host.queue.drained()
    const pdf = await a.call('reports.pdf', { id: draft.id })
    expect((await a.call('sync.now', { wait: true })).pending).toBe(0)
    // The server loses the PDF's bytes, as one restored from a backup older than the upload would.
    expect(await fixture.tamper('DELETE FROM blobs WHERE sha256 = ?', [pdf.sha256])).toBe(1)

    // B has the report's row but not its PDF: the report waits, and no first report is taken.
    await b.call('sync.now', { wait: true })
    const waiting = await b.call('reports.forProtocol', { protocolId: protocol.id })
    expect([waiting.versions.length, waiting.reportedElsewhere]).toEqual([0, true])

    // A round of A's running host does not look again (it asks once per start)…
    await a.call('sync.now', { wait: true })
    await b.call('sync.now', { wait: true })
    expect((await b.call('reports.forProtocol', { protocolId: protocol.id })).versions).toEqual([])

    // …its first round after a start finds the PDF missing and sends it again.
    await a.restart()
    await a.call('sync.now', { wait: true })
    await b.call('sync.now', { wait: true })
    const arrived = await b.call('reports.forProtocol', { protocolId: protocol.id })
    expect(arrived.current).toMatchObject({ id: draft.id, status: 'finalized', pdfSha256: pdf.sha256, copiedFrom: { benchName: 'Recepción A' } })
    expect((await b.call('reports.pdf', { id: draft.id })).pdfBase64).toBe(pdf.pdfBase64)
    // Nothing left to send again: a later start asks and finds every PDF there.
    await a.restart()
    const status = await a.call('sync.now', { wait: true })
    expect([status.state, status.conflicts]).toEqual(['idle', 0])
  }, 180_000)
})
