import { createBenchHost } from '../src/main/host'
import type { BulkBatchView } from '../src/shared/bulk'
import { startPrinterSink } from './workloads/printer-sink'
import { makeTempDir } from '../test/support/temp-dir'
import { idsWithStatus, sinkPrinter, waitForBatch } from '../test/integration/bulk/bulk-fixture'

const ITEMS = 500

/**
 * bulk_receive_500_s: 500 pre-registered protocols received in one bulk batch (numbered,
 * audited, outbox and notification rows written, label jobs queued) until the 500th label has
 * reached a TCP printer socket.
 */
export async function run(): Promise<Record<string, number>> {
  const dir = makeTempDir('bench-bulk-')
  const sink = await startPrinterSink()
  // One demo protocol in nine is still waiting at registration.
  const host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: 'bench', demoProtocols: ITEMS * 10, log: () => {} })
  try {
    const call = async (name: string, input: unknown) => {
      const result = await host.dispatch(name, input)
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
      return result.value
    }
    await call('session.setClerk', { name: 'Ana (demo)' })
    await call('settings.update', { printer: sinkPrinter(sink.port) })
    const ids = idsWithStatus(host.db, 'registered', ITEMS)
    if (ids.length < ITEMS) throw new Error(`only ${ids.length} registered protocols`)
    const started = performance.now()
    const batch = (await call('bulk.start', { action: 'receive', selection: { ids } })) as BulkBatchView
    const done = await waitForBatch(host, batch.id)
    await sink.waitForJobs(ITEMS, 60_000)
    const seconds = (performance.now() - started) / 1000
    if (done.counts.succeeded !== ITEMS) throw new Error(`bulk receive: ${JSON.stringify(done.counts)}`)
    return { bulk_receive_500_s: seconds }
  } finally {
    await host.close()
    await sink.close()
    dir.cleanup()
  }
}
