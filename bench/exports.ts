import { createBenchHost } from '../src/main/host'
import type { ExportView } from '../src/shared/exports'
import { seededFolder, waitForExport } from '../test/integration/exports/export-fixture'

/**
 * export_100k_rows_s: 100,000 protocols written to a streamed XLSX file by the export job,
 * from the `exports.start` call to the finished file, through the real queue.
 */
export async function run(): Promise<Record<string, number>> {
  const dir = seededFolder(100_000)
  const host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: 'bench', demoProtocols: 0, log: () => {} })
  try {
    const started = performance.now()
    const result = await host.dispatch('exports.start', { source: 'protocols', format: 'xlsx', params: {}, language: 'es' })
    if (!result.ok) throw new Error(result.error.message)
    const done = await waitForExport(host, (result.value as ExportView).id)
    if (done.state !== 'done' || done.rows !== 100_000) throw new Error(`export ended ${done.state} with ${done.rows} rows`)
    return { export_100k_rows_s: (performance.now() - started) / 1000 }
  } finally {
    await host.close()
    dir.cleanup()
  }
}
