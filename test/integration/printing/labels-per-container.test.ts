import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BenchHost } from '../../../src/main/host'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { PrinterConfig } from '../../../src/shared/printer-config'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { clockStartingAt } from '../../../src/shared/bench-clock'

// The bench's clock, not the machine's: the protocol number carries the year of reception.
const START = new Date(2026, 5, 11, 10, 0)

describe('one label per container (real queue, real host, real TCP printer)', () => {
  let bench: TestHost
  let host: BenchHost
  let call: TestHost['call']
  let sink: PrinterSink
  beforeEach(async () => {
    sink = await startPrinterSink()
    bench = await startTestHost({ clock: clockStartingAt(START) })
    ;({ host, call } = bench)
  })
  afterEach(async () => {
    await bench.close()
    await sink.close()
  })

  const printer = (language: 'zpl' | 'tspl'): PrinterConfig => ({
    id: 'bench-printer',
    name: 'Etiquetadora',
    driver: 'tcp9100',
    language,
    host: '127.0.0.1',
    port: sink.port,
    label: DEFAULT_LABEL_SETTINGS
  })
  const receive = (containers: number) =>
    call('reception.receive', {
      type: 'HP',
      veterinarianId: host.db.prepare(`SELECT id FROM veterinarians LIMIT 1`).pluck().get() as string,
      animal: { name: 'Ñuñoa', species: 'Gato' },
      sample: { sampleType: 'Biopsia', containers: Array.from({ length: containers }, () => ({})) }
    })
  /** ZPL formats or TSPL labels in what the printer got. */
  const labelsIn = (bytes: Buffer, language: 'zpl' | 'tspl') => {
    const text = bytes.toString('utf8')
    return language === 'zpl' ? text.split('^XA').slice(1) : text.split('CLS\r\n').slice(1)
  }
  const tagOf = (label: string, language: 'zpl' | 'tspl') => (language === 'zpl' ? /\^FD(\d+\/\d+)\^FS/ : /"(\d+\/\d+)"/).exec(label)?.[1] ?? null

  it.each(['zpl', 'tspl'] as const)('prints N labels numbered 1/N..N/N for a receive with N containers (%s), once', async (language) => {
    await call('settings.update', { printer: printer(language), labelPerContainer: true })
    const result = await receive(3)
    const [bytes] = await sink.waitForJobs(1, 10_000)
    const labels = labelsIn(bytes!, language)
    expect(labels).toHaveLength(3)
    expect(labels.map((label) => tagOf(label, language))).toEqual(['1/3', '2/3', '3/3'])
    for (const label of labels) expect(label).toContain(result.protocol.number!)
    await host.queue.drained()
    const job = await call('jobs.get', { id: result.labelJobId! })
    expect(job.state).toBe('succeeded')
    // One run, one delivery: the printer got it in one connection and nothing more.
    expect(sink.jobs()).toHaveLength(1)
  })

  it('prints one untagged label per protocol when the setting is off, and for a single container', async () => {
    await call('settings.update', { printer: printer('zpl') })
    await receive(3)
    const [first] = await sink.waitForJobs(1, 10_000)
    expect(labelsIn(first!, 'zpl')).toHaveLength(1)
    expect(tagOf(labelsIn(first!, 'zpl')[0]!, 'zpl')).toBeNull()
    await call('settings.update', { labelPerContainer: true })
    await receive(1)
    const jobs = await sink.waitForJobs(2, 10_000)
    expect(labelsIn(jobs[1]!, 'zpl')).toHaveLength(1)
    expect(tagOf(labelsIn(jobs[1]!, 'zpl')[0]!, 'zpl')).toBeNull()
  })

  it("reprints one container's label, audited, and refuses a container the protocol does not have", async () => {
    await call('settings.update', { printer: printer('zpl'), labelPerContainer: true })
    const { protocol } = await receive(3)
    await sink.waitForJobs(1, 10_000)
    const { jobId } = await call('labels.reprint', { protocolId: protocol.id, container: 2 })
    const jobs = await sink.waitForJobs(2, 10_000)
    const labels = labelsIn(jobs[1]!, 'zpl')
    expect(labels).toHaveLength(1)
    expect(tagOf(labels[0]!, 'zpl')).toBe('2/3')
    await host.queue.drained()
    expect((await call('jobs.get', { id: jobId })).state).toBe('succeeded')
    // The whole run again, as the settings say.
    await call('labels.reprint', { protocolId: protocol.id })
    const after = await sink.waitForJobs(3, 10_000)
    expect(labelsIn(after[2]!, 'zpl').map((label) => tagOf(label, 'zpl'))).toEqual(['1/3', '2/3', '3/3'])

    await expect(call('labels.reprint', { protocolId: protocol.id, container: 4 })).rejects.toMatchObject({ code: 'container_out_of_range', params: { count: 3 } })
    const audit = host.db
      .prepare(`SELECT action, after_json FROM audit_log WHERE entity_id = ? AND action = 'protocol.label_reprinted' ORDER BY at, rowid`)
      .all(protocol.id) as { action: string; after_json: string | null }[]
    expect(audit.map((row) => row.after_json && JSON.parse(row.after_json))).toEqual([{ container: 2, count: 3 }, null])
    await host.queue.drained()
    expect(sink.jobs()).toHaveLength(3)
  })
})
