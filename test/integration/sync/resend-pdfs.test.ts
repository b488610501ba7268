/**
 * PDFs the server lacks although a bench uploaded them (report versions finalized before the
 * server kept blobs, or a server restored from a backup): the bench's first round after a start
 * asks the server which ones it lacks and sends them again, so other benches get the report.
 */
import { afterEach, expect, it } from 'vitest'
import { storageOptionsFor } from '../../../server/src/server'
import { openStorage } from '../../../server/src/storage/open'
import type { TestHost } from '../../support/bench-host'
import { describeEachBackend, freshStorage, type StorageHandle } from '../../server/support'
import { sampleContent } from '../reports/support'
import { createVet, receive, startPairedBench, startSyncServer, type ServerFixture } from './support'

/** The server loses a blob's bytes, as one restored from a backup older than the upload would. */
async function dropBlob(server: ServerFixture, storage: StorageHandle, sha: string): Promise<void> {
  const store = await openStorage(storageOptionsFor({ dataDir: server.dataDir, ...storage.options }))
  try {
    expect(await store.write((sql) => sql.run('DELETE FROM blobs WHERE sha256 = ?', [sha]))).toBe(1)
  } finally {
    await store.close()
  }
}

describeEachBackend('PDFs the server lacks are sent again', (backend) => {
  let storage: StorageHandle | undefined
  let server: ServerFixture | undefined
  const benches: TestHost[] = []
  afterEach(async () => {
    for (const bench of benches.splice(0)) await bench.close()
    await server?.cleanup()
    await storage?.cleanup()
    server = storage = undefined
  })

  it('a report finalized on A whose PDF the server lost reaches B once A starts again', async () => {
    storage = await freshStorage(backend)
    server = await startSyncServer(storage.options)
    const a = await startPairedBench(server, 'Recepción A')
    const b = await startPairedBench(server, 'Recepción B')
    benches.push(a, b)
    const vet = await createVet(a, 'Dra. Ruiz')
    const protocol = (await receive(a, vet, 'Toby')).protocol
    const draft = await a.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    await a.call('reports.finalize', { id: draft.id })
    await a.host.queue.drained()
    const pdf = await a.call('reports.pdf', { id: draft.id })
    expect((await a.call('sync.now', { wait: true })).pending).toBe(0)
    await dropBlob(server, storage, pdf.sha256)

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
