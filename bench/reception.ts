import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBenchHost } from '../src/main/host'
import { DEFAULT_LABEL_SETTINGS } from '../src/shared/label-settings'
import { startPrinterSink } from './workloads/printer-sink'
import { percentile } from './stats'

/**
 * receive_to_printer_p95_ms: from the receive call to the label's last byte at a TCP printer
 * socket, through the real queue and transaction. label_pdf_worker_ms: a label PDF rendered in a
 * worker process, round trip included.
 */
export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reception-'))
  const sink = await startPrinterSink()
  const host = createBenchHost({ dataDir: dir, shell: 'browser-harness', appVersion: 'bench', demoProtocols: 10, log: () => {} })
  try {
    const call = async (name: string, input: unknown) => {
      const result = await host.dispatch(name, input)
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
      return result.value
    }
    await call('session.setClerk', { name: 'Ana (demo)' })
    await call('settings.update', {
      printer: { id: 'bench', name: 'sink', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port: sink.port, label: DEFAULT_LABEL_SETTINGS }
    })
    const veterinarianId = host.db.prepare(`SELECT id FROM veterinarians LIMIT 1`).pluck().get()
    const input = {
      type: 'HP',
      veterinarianId,
      animal: { name: 'Benchmark', species: 'Perro', owner: 'Peña' },
      sample: { sampleType: 'Biopsia', containers: [{}] }
    }
    const times: number[] = []
    for (let i = 0; i < 220; i++) {
      const jobsBefore = sink.jobs().length
      const started = performance.now()
      await call('reception.receive', input)
      await sink.waitForJobs(jobsBefore + 1, 10_000)
      if (i >= 20) times.push(performance.now() - started)
    }

    const protocol = host.db.prepare(`SELECT id FROM protocols WHERE number IS NOT NULL AND demo = 0 LIMIT 1`).pluck().get() as string
    for (let i = 0; i < 20; i++) await call('labels.preview', { protocolId: protocol })
    const pdfStarted = performance.now()
    const rounds = 200
    for (let i = 0; i < rounds; i++) await call('labels.preview', { protocolId: protocol })
    const pdfMs = (performance.now() - pdfStarted) / rounds
    return { receive_to_printer_p95_ms: percentile(times, 95), label_pdf_worker_ms: pdfMs }
  } finally {
    await host.close()
    await sink.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
