import { afterEach, describe, expect, it } from 'vitest'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { PrinterConfig } from '../../../src/shared/printer-config'
import type { JobViewData } from '../../../src/shared/jobs'
import { labelFate } from '../../../src/renderer/src/i18n/label-fate'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { translator } from '../../support/messages'

const es = translator('es') as unknown as Parameters<typeof labelFate>[0]

const printerAt = (sink: PrinterSink, language: 'zpl' | 'tspl'): PrinterConfig => ({
  id: 'bench-printer',
  name: 'Zebra de recepción',
  driver: 'tcp9100',
  language,
  host: sink.host,
  port: sink.port,
  label: DEFAULT_LABEL_SETTINGS
})

/**
 * A label's fate through the real host, queue and TCP driver against the printer sink: what the
 * printer reports after the bytes are sent keeps the job waiting, in Spanish, until it clears,
 * and the label comes out exactly once.
 */
describe('label fate after the bytes are sent (TCP 9100)', () => {
  let bench: TestHost | undefined
  let sink: PrinterSink | undefined
  afterEach(async () => {
    await bench?.close()
    await sink?.close()
    bench = sink = undefined
  })

  const start = async (language: 'zpl' | 'tspl', beforeReceiving: (sink: PrinterSink) => void = () => undefined) => {
    sink = await startPrinterSink()
    bench = await startTestHost({ labelFollow: { pollMs: 20, polls: 5, waitMs: 50 } })
    await bench.call('settings.update', { printer: printerAt(sink, language) })
    const vet = await bench.call('veterinarians.create', { name: 'Dra. Peña', clinic: '', email: '', phone: '', licence: '' })
    beforeReceiving(sink)
    return bench.call('reception.receive', {
      type: 'HP',
      veterinarianId: vet.id,
      animal: { name: 'Ñuca', species: 'Gato' },
      sample: { sampleType: 'Biopsia', containers: [{}] }
    })
  }
  const job = (id: number) => bench!.call('jobs.get', { id })
  async function until(id: number, check: (job: JobViewData) => boolean, what: string): Promise<JobViewData> {
    for (let i = 0; i < 400; i++) {
      const seen = await job(id)
      if (check(seen)) return seen
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`label job ${id} never ${what}: ${JSON.stringify(await job(id))}`)
  }

  describe.each(['zpl', 'tspl'] as const)('%s', (language) => {
    it.each([
      ['paper_out', 'sin papel'],
      ['head_open', 'cabezal abierto']
    ] as const)('%s after the send keeps the job waiting ("%s"), then prints it exactly once when cleared', async (state, words) => {
      const { protocol, labelJobId } = await start(language, (printer) => printer.failAfterNextJob(state))
      expect(labelJobId).not.toBeNull()
      // The bytes arrived; the printer ran out while printing: the label is held, not printed.
      const waiting = await until(labelJobId!, (seen) => seen.error?.code === `printer_${state}`, `waited on ${state}`)
      expect(waiting.state === 'queued' || waiting.state === 'running').toBe(true)
      expect(sink!.jobs()).toHaveLength(1)
      expect(sink!.printed()).toHaveLength(0)
      const line = labelFate(es, waiting)
      expect(line.tone).toBe('problem')
      expect(line.text).toBe(`Etiqueta NO impresa: esperando a la impresora (${words}). Saldrá sola en cuanto se resuelva.`)
      // Several rounds of asking while it waits: still not counted printed, never sent again.
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect((await job(labelJobId!)).state).not.toBe('succeeded')
      expect(sink!.jobs()).toHaveLength(1)

      sink!.setState('ready')
      const done = await until(labelJobId!, (seen) => seen.state === 'succeeded', 'succeeded')
      expect(labelFate(es, done)).toMatchObject({ tone: 'printed', text: 'Etiqueta impresa.' })
      expect(sink!.jobs()).toHaveLength(1)
      expect(sink!.printed()).toHaveLength(1)
      expect(sink!.printed()[0]!.toString('utf8')).toContain(protocol.number!)
      // The waiting spent no attempt.
      expect(done.attempts).toBe(1)
    })

    it('a printer out of paper before the label is sent gets nothing until it is ready', async () => {
      sink = await startPrinterSink({ state: 'paper_out' })
      bench = await startTestHost({ labelFollow: { pollMs: 20, polls: 5, waitMs: 50 } })
      await bench.call('settings.update', { printer: printerAt(sink, language) })
      const vet = await bench.call('veterinarians.create', { name: 'Dr. Ibáñez', clinic: '', email: '', phone: '', licence: '' })
      const { labelJobId, protocol } = await bench.call('reception.receive', {
        type: 'HP',
        veterinarianId: vet.id,
        animal: { name: 'Kira', species: 'Perro' },
        sample: { sampleType: 'Citología', containers: [{}] }
      })
      const keptBytes = () => bench!.host.db.prepare(`SELECT bytes FROM protocol_labels WHERE protocol_id = ?`).pluck().all(protocol.id) as Buffer[]
      await until(labelJobId!, (seen) => seen.error?.code === 'printer_paper_out', 'waited on paper')
      expect(sink.jobs()).toHaveLength(0)
      // The label's bytes are kept in the commit that starts sending them: none for a label held back.
      expect(keptBytes()).toEqual([])
      sink.setState('ready')
      await until(labelJobId!, (seen) => seen.state === 'succeeded', 'succeeded')
      expect(sink.jobs()).toHaveLength(1)
      expect(sink.printed()).toHaveLength(1)
      const kept = keptBytes()
      expect(kept).toHaveLength(1)
      expect(Buffer.compare(kept[0]!, sink.printed()[0]!)).toBe(0)
    })
  })

  it('a label cut off mid-send is never sent again: the clerk is asked to check it', async () => {
    const { labelJobId, protocol } = await start('zpl')
    await until(labelJobId!, (seen) => seen.state === 'succeeded', 'succeeded')
    // A reprint whose delivery was left "sending" by a bench that died mid-send.
    sink!.setState('paused')
    const { jobId } = await bench!.call('labels.reprint', { protocolId: protocol.id })
    await until(jobId, (seen) => seen.error?.code === 'printer_paused', 'waited on pause')
    bench!.host.db
      .prepare(`INSERT INTO label_deliveries (job_id, protocol_id, state, printer_json, started_at) VALUES (?, ?, 'sending', ?, ?)`)
      .run(jobId, protocol.id, JSON.stringify(printerAt(sink!, 'zpl')), new Date().toISOString())
    sink!.setState('ready')
    const failed = await until(jobId, (seen) => seen.state === 'failed', 'failed')
    expect(failed.error).toMatchObject({ code: 'label_uncertain', params: { number: protocol.number } })
    expect(labelFate(es, failed).text).toBe(
      `Etiqueta NO impresa. La aplicación se cerró mientras enviaba la etiqueta ${protocol.number}: compruebe si salió. Reimprímala desde Protocolos.`
    )
    expect(sink!.jobs()).toHaveLength(1)
  })
})
