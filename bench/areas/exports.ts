/**
 * export_100k_rows_total_s: 100,000 protocols written to a streamed XLSX file by the export job,
 * from the `exports.start` request to the finished file, through the real queue. One run.
 */
import { openSync, readSync, closeSync } from 'node:fs'
import { seedDemoData } from '../../src/main/features/demo/demo-seed'
import { measureOnce } from '../measure'
import { startHost } from '../workloads/host'

const ROWS = 100_000

/** An XLSX file is a ZIP archive: it starts with the local file header "PK\x03\x04". */
function isZip(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(4)
    readSync(fd, head, 0, 4, 0)
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
  } finally {
    closeSync(fd)
  }
}

export async function run(): Promise<Record<string, number>> {
  const bench = await startHost({ demoProtocols: 0 })
  try {
    seedDemoData(bench.host.db, { protocols: ROWS, now: new Date('2026-03-02T10:00:00Z'), withHistory: false })
    const ms = await measureOnce(async () => {
      const started = await bench.call('exports.start', { source: 'protocols', format: 'xlsx', params: {}, language: 'es' })
      await bench.host.queue.drained()
      const done = await bench.call('exports.get', { id: started.id })
      if (done.state !== 'done' || done.rows !== ROWS) throw new Error(`the export ended ${done.state} with ${done.rows} rows: ${done.error ?? ''}`)
      if (!isZip(done.path)) throw new Error(`${done.path} is not an XLSX file`)
    })
    return { export_100k_rows_total_s: ms / 1000 }
  } finally {
    await bench.close()
  }
}
