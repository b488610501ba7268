import type { BenchHost } from '../../../src/main/host'
import type { Db } from '../../../src/main/platform/db/database'
import type { BulkBatchView } from '../../../src/shared/bulk'
import type { ProtocolStatus } from '../../../src/shared/domain'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { PrinterConfig } from '../../../src/shared/printer-config'

/** A ZPL printer on the TCP sink's port. */
export function sinkPrinter(port: number): PrinterConfig {
  return { id: 'bulk-sink', name: 'Sink', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port, label: DEFAULT_LABEL_SETTINGS }
}

/** Protocol ids with a status, newest first. */
export function idsWithStatus(db: Db, status: ProtocolStatus, limit = 1_000_000): string[] {
  return db.prepare(`SELECT id FROM protocols WHERE status = ? ORDER BY rowid DESC LIMIT ?`).pluck().all(status, limit) as string[]
}

/** Resolves with the batch once its job has finished (done or cancelled). */
export async function waitForBatch(host: BenchHost, batchId: string): Promise<BulkBatchView> {
  for (;;) {
    await host.queue.drained()
    const result = await host.dispatch('bulk.get', { batchId })
    if (!result.ok) throw new Error(result.error.message)
    const view = result.value as BulkBatchView
    if (view.state === 'done' || view.state === 'cancelled') return view
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
