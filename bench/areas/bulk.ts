/**
 * bulk_receive_500_total_s: 500 pre-registered protocols received in one bulk batch (numbered,
 * audited, outbox and notification rows written, label jobs queued) until the 500th label has
 * reached a TCP printer socket. One run: the batch consumes its protocols.
 */
import { measureOnce } from '../measure'
import { startHost, zplPrinterAt } from '../workloads/host'
import { startPrinterSink } from '../workloads/printer-sink'

const ITEMS = 500

export async function run(): Promise<Record<string, number>> {
  const sink = await startPrinterSink()
  // One demo protocol in nine is still waiting at registration.
  const bench = await startHost({ demoProtocols: ITEMS * 10 })
  try {
    await bench.call('settings.update', { printer: zplPrinterAt(sink.port) })
    const ids = bench.host.db
      .prepare(`SELECT id FROM protocols WHERE status = 'registered' ORDER BY rowid DESC LIMIT ?`)
      .pluck()
      .all(ITEMS) as string[]
    if (ids.length < ITEMS) throw new Error(`only ${ids.length} registered protocols to receive`)
    const ms = await measureOnce(async () => {
      const batch = await bench.call('bulk.start', { action: 'receive', selection: { ids } })
      await bench.host.queue.drained()
      const done = await bench.call('bulk.get', { batchId: batch.id })
      if (done.state !== 'done' || done.counts.succeeded !== ITEMS) throw new Error(`bulk receive ended ${done.state}: ${JSON.stringify(done.counts)}`)
      await sink.waitForJobs(ITEMS, 60_000)
    })
    return { bulk_receive_500_total_s: ms / 1000 }
  } finally {
    await bench.close()
    await sink.close()
  }
}
