import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBenchHost, type BenchHost } from '../../../src/main/host'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { PrinterConfig } from '../../../src/shared/printer-config'
import { buildZpl } from '../../../src/main/features/printing/languages/zpl'
import { labelContentOf } from '../../../src/main/features/printing/label-content'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { makeTempDir } from '../../support/temp-dir'
import { callerOf } from '../../support/call'
import { clockStartingAt } from '../../../src/shared/bench-clock'

// The bench's clock, not the machine's: the protocol number carries the year of reception.
const START = new Date(2026, 5, 11, 10, 0)

describe('label printing on receive (real queue, real worker processes, real TCP printer)', () => {
  let dir: ReturnType<typeof makeTempDir>
  let host: BenchHost
  const call = callerOf(() => host)
  let sink: PrinterSink
  beforeEach(async () => {
    dir = makeTempDir()
    sink = await startPrinterSink()
    host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0', demoProtocols: 20, clock: clockStartingAt(START), log: () => {} })
    await call('session.setClerk', { name: 'Ana (demo)' })
  })
  afterEach(async () => {
    await host.close()
    await sink.close()
    dir.cleanup()
  })

  const printer = (port: number, language: 'zpl' | 'tspl' = 'zpl'): PrinterConfig => ({
    id: 'bench-zebra',
    name: 'Zebra ZD421',
    driver: 'tcp9100',
    language,
    host: '127.0.0.1',
    port,
    label: DEFAULT_LABEL_SETTINGS
  })
  const receive = () =>
    call('reception.receive', {
      type: 'HP',
      veterinarianId: host.db.prepare(`SELECT id FROM veterinarians LIMIT 1`).pluck().get() as string,
      animal: { name: 'Ñuñoa', species: 'Gato', owner: 'Muñoz Peña' },
      sample: { sampleType: 'Biopsia', containers: [{}] }
    })
  const waitForJob = async (id: number, state: string) => {
    for (let i = 0; i < 200; i++) {
      const job = await call('jobs.get', { id })
      if (job.state === state) return job
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`job ${id} never reached ${state}`)
  }

  it('prints the label without a further click, byte for byte what the ZPL builder makes', async () => {
    await call('settings.update', { printer: printer(sink.port) })
    const result = await receive()
    expect(result.labelJobId).not.toBeNull()
    const [bytes] = await sink.waitForJobs(1, 10_000)
    const expected = buildZpl(labelContentOf(result.protocol, 'https://lab.example/p'), DEFAULT_LABEL_SETTINGS)
    expect(Buffer.compare(bytes!, Buffer.from(expected))).toBe(0)
    expect(bytes!.toString('utf8')).toContain(result.protocol.number!)
    expect(bytes!.toString('utf8')).toContain('Ñuñoa')
  })

  it('reprints byte-identical labels, audited; a changed printer language gives a new label', async () => {
    await call('settings.update', { printer: printer(sink.port) })
    const { protocol } = await receive()
    await sink.waitForJobs(1, 10_000)
    const reprint = await call('labels.reprint', { protocolId: protocol.id })
    const jobs = await sink.waitForJobs(2, 10_000)
    await waitForJob(reprint.jobId, 'succeeded')
    expect(Buffer.compare(jobs[0]!, jobs[1]!)).toBe(0)
    const audit = host.db.prepare(`SELECT action FROM audit_log WHERE entity_id = ? ORDER BY at`).pluck().all(protocol.id)
    expect(audit).toEqual(['protocol.received', 'protocol.label_reprinted'])
    await call('settings.update', { printer: printer(sink.port, 'tspl') })
    await call('labels.reprint', { protocolId: protocol.id })
    const after = await sink.waitForJobs(3, 10_000)
    expect(after[2]!.toString('utf8')).toContain('CODEPAGE UTF-8')
    expect(host.db.prepare(`SELECT count(*) FROM protocol_labels WHERE protocol_id = ?`).pluck().get(protocol.id)).toBe(2)
  })

  it('never blocks receiving when the printer is unreachable: the job retries and prints once a printer answers', async () => {
    const dead = await startPrinterSink()
    const deadPort = dead.port
    await dead.close()
    await call('settings.update', { printer: printer(deadPort) })
    const result = await receive()
    expect(result.protocol.number).toMatch(/^HP 26\/\d{4}$/)
    // The attempt fails and is scheduled again, with its reason kept for the clerk.
    const retrying = await vi.waitFor(
      async () => {
        const job = await call('jobs.get', { id: result.labelJobId! })
        expect(job.attempts).toBeGreaterThanOrEqual(1)
        expect(job.state).toBe('queued')
        return job
      },
      { timeout: 10_000, interval: 50 }
    )
    expect(retrying.lastError).toBeTruthy()
    // The clerk switches to a working printer: the waiting job prints there on its next attempt.
    await call('settings.update', { printer: printer(sink.port) })
    await waitForJob(result.labelJobId!, 'succeeded')
    const [bytes] = await sink.waitForJobs(1, 10_000)
    expect(bytes!.toString('utf8')).toContain(result.protocol.number!)
  })

  it('queues nothing when auto-print is off, and a rejected sample never prints', async () => {
    await call('settings.update', { printer: printer(sink.port), autoPrintOnReceive: false })
    const result = await receive()
    expect(result.labelJobId).toBeNull()
    await host.queue.drained()
    expect(sink.connections()).toBe(0)
  })
})
