/**
 * receive_to_printer_p95_ms: from the receive request to the label's last byte at a TCP printer
 * socket, through the real transaction, queue and driver.
 * label_pdf_worker_mean_ms: a label PDF rendered in a worker process, round trip included.
 */
import { measure } from '../measure'
import { startHost, walkIn, zplPrinterAt } from '../workloads/host'
import { startPrinterSink } from '../workloads/printer-sink'

export async function run(): Promise<Record<string, number>> {
  const sink = await startPrinterSink()
  const bench = await startHost()
  try {
    await bench.call('settings.update', { printer: zplPrinterAt(sink.port) })
    const vet = await bench.call('veterinarians.create', { name: 'Dra. Marta Ruiz', clinic: 'Clínica Ñandú', email: '', phone: '', licence: '' })
    const receive = await measure({ warmUp: 20, iterations: 200, setUp: () => sink.jobs().length }, async (jobsBefore) => {
      const { labelJobId } = await bench.call('reception.receive', walkIn(vet.id))
      if (labelJobId === null) throw new Error('the reception queued no label')
      await sink.waitForJobs(jobsBefore + 1, 10_000)
    })

    const protocol = await bench.call('reception.receive', walkIn(vet.id, 'Etiqueta'))
    const preview = await measure({ warmUp: 20, iterations: 200 }, async () => {
      const { pdfBase64 } = await bench.call('labels.preview', { protocolId: protocol.protocol.id })
      if (!Buffer.from(pdfBase64, 'base64').subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error('labels.preview answered no PDF')
    })
    return { receive_to_printer_p95_ms: receive.p95, label_pdf_worker_mean_ms: preview.mean }
  } finally {
    await bench.close()
    await sink.close()
  }
}
