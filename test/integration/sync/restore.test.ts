/**
 * Restore from the server (issue 15, part 4): a bench whose disk died is replaced by a fresh data
 * folder, paired again, and gets back every protocol, issued work order and finalized report with
 * its PDF (same hashes) from the server, and numbers nothing the lab already gave.
 */
import { expect, it } from 'vitest'
import { installLabPriceList, startTestHost, type TestHost } from '../../support/bench-host'
import type { RestoreProgress, SyncStatus } from '../../../src/shared/sync-status'
import { describeEachBackend } from '../../server/support'
import { sampleContent } from '../reports/support'
import { ADMIN_PIN, createVet, receive, serverOnBackend, startPairedBench } from './support'

/** What a restore must bring back: counts and the hashes of every document PDF, by document. */
function inventory(bench: TestHost) {
  const db = bench.host.db
  const list = (sql: string) => db.prepare(sql).all() as { id: string; number: string | null; sha256: string | null }[]
  return {
    protocols: db.prepare(`SELECT number FROM protocols WHERE demo = 0 AND deleted_at IS NULL ORDER BY number`).pluck().all() as string[],
    orders: list(
      `SELECT w.id, w.number, a.sha256 FROM work_orders w
       LEFT JOIN artifact_refs r ON r.owner = 'work_order:' || w.id AND r.role = 'pdf' LEFT JOIN artifacts a ON a.key = r.key
       WHERE w.status = 'issued' ORDER BY w.number`
    ),
    reports: list(
      `SELECT r.id, p.number, d.sha256 FROM reports r JOIN protocols p ON p.id = r.protocol_id JOIN report_pdfs d ON d.report_id = r.id
       WHERE r.status = 'finalized' AND r.deleted_at IS NULL ORDER BY p.number, r.version`
    )
  }
}

describeEachBackend('a wiped bench restored from the server', (backend) => {
  const fixture = serverOnBackend(backend)

  it('holds the same protocols, work orders and reports with the same PDF hashes, and reuses no number', async () => {
    const { server } = await fixture.start()
    const bench = fixture.keep(await startPairedBench(server, 'Recepción A'))
    installLabPriceList(bench.host)
    const vet = await createVet(bench, 'Dra. Ruiz', 'ruiz@example.org')
    const protocols = []
    for (const animal of ['Luna', 'Kira', 'Toby', 'Nala', 'Rocky']) protocols.push((await receive(bench, vet, animal)).protocol)
    for (const pair of [protocols.slice(0, 2), protocols.slice(2, 3)]) {
      const draft = await bench.call('workOrders.create', { veterinarianId: vet.id, protocolIds: pair.map((p) => p.id) })
      await bench.call('workOrders.issue', { id: draft.order.id })
    }
    for (const protocol of protocols.slice(3)) {
      const report = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
      await bench.call('reports.finalize', { id: report.id })
    }
    await bench.host.queue.drained()
    // Two rounds: the first uploads the orders' PDFs and tells the server their hashes.
    await bench.call('sync.now', { wait: true })
    const synced = await bench.call('sync.now', { wait: true })
    expect([synced.state, synced.pending, synced.conflicts]).toEqual(['idle', 0, 0])
    const before = inventory(bench)
    expect([before.protocols.length, before.orders.length, before.reports.length]).toEqual([5, 2, 2])
    expect([...before.orders, ...before.reports].every((doc) => doc.sha256 !== null)).toBe(true)

    // The disk dies: a new data folder, paired again; the page listens to the sync status meanwhile.
    await fixture.drop(bench)
    const restored = fixture.keep(await startTestHost({ demoProtocols: 0 }))
    const seen: RestoreProgress[] = []
    restored.host.subscribe((event, payload) => {
      const restore = event === 'sync.status' ? (payload as SyncStatus).restore : null
      if (restore) seen.push(restore)
    })
    await restored.call('settings.update', { syncIntervalSeconds: 3600 })
    await restored.call('sync.pair', { serverUrl: server.url, code: await server.code(), benchName: 'Recepción A', adminPin: ADMIN_PIN })
    await restored.call('sync.now', { wait: true })
    // The events told it as it went: rows from nothing, then the PDFs, then the end; no figure ever went back.
    const phases = seen.map((progress) => progress.state).filter((state, index, all) => state !== all[index - 1])
    expect(phases).toEqual(['rows', 'pdfs', 'done'])
    expect(seen[0]!.received).toEqual({ protocol: 0, work_order: 0, report: 0 })
    for (const [index, progress] of seen.entries()) {
      const previous = seen[index - 1]
      if (!previous) continue
      for (const kind of ['protocol', 'work_order', 'report'] as const) expect(progress.received[kind]).toBeGreaterThanOrEqual(previous.received[kind])
      expect(progress.pdfs.done).toBeGreaterThanOrEqual(previous.state === 'rows' ? 0 : previous.pdfs.done)
    }
    // The clerk saw the restore through the status: every row the server held, then every PDF, and the end.
    const { restore } = await restored.call('sync.status', {})
    expect(restore).toMatchObject({ state: 'done', received: { protocol: 5, work_order: 2, report: 2 }, totals: { protocol: 5, work_order: 2, report: 2 }, pdfs: { done: 4, total: 4 } })
    expect(restore?.finishedAt).not.toBeNull()
    const status = await restored.call('sync.now', { wait: true })
    // A later round leaves the finished restore as it was.
    expect(status.restore).toEqual(restore)
    expect([status.state, status.pending, status.conflicts]).toEqual(['idle', 0, 0])
    expect(inventory(restored)).toEqual(before)
    // The PDFs open, checked against their hashes.
    const report = await restored.call('reports.pdf', { id: before.reports[0]!.id })
    expect(report.sha256).toBe(before.reports[0]!.sha256)

    // What it numbers now was never given before.
    const given = new Set([...before.protocols, ...before.orders.map((order) => order.number)])
    const fresh = (await receive(restored, vet, 'Coco')).protocol
    expect(given.has(fresh.number)).toBe(false)
  }, 180_000)
})
