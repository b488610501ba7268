/**
 * workorder_pdf_cached_p95_ms: an unchanged, issued work order's PDF served through the host's
 * own request (`workOrders.pdf`: build the document input, hash it, find the stored file, read
 * it, base64 it). Every answer must be the stored PDF, never a queued render. The render itself
 * is workorder_pdf_mean_ms in the documents area.
 */
import { measure } from '../measure'
import { startHost, walkIn } from '../workloads/host'

export async function run(): Promise<Record<string, number>> {
  const bench = await startHost({ demoProtocols: 5 })
  try {
    const vet = await bench.call('veterinarians.create', { name: 'Dra. Begoña Núñez', clinic: 'Clínica Ñandú', email: 'begona@nandu.example', phone: '', licence: 'COL-77' })
    const protocolIds: string[] = []
    for (const animal of ['Toby', 'Luna', 'Canela']) protocolIds.push((await bench.call('reception.receive', walkIn(vet.id, animal))).protocol.id)
    const { order } = await bench.call('workOrders.create', { veterinarianId: vet.id, protocolIds })
    const issued = (await bench.call('workOrders.issue', { id: order.id })).order
    await bench.host.queue.drained()
    const served = await measure({ warmUp: 50, iterations: 500 }, async () => {
      const pdf = await bench.call('workOrders.pdf', { id: issued.id })
      if (pdf.state !== 'ready' || pdf.pdfBase64.length === 0) throw new Error(`the issued work order's PDF was not served from the store (${pdf.state})`)
    })
    return { workorder_pdf_cached_p95_ms: served.p95 }
  } finally {
    await bench.close()
  }
}
