/**
 * report_finalize_median_ms: from the finalize request to the report being finalized, through
 * the real queue, a worker process rendering the PDF, the stored bytes and hash, and the finalize
 * transaction with its e-mail. Each run finalizes a fresh draft of a freshly received protocol.
 */
import type { ReportContentInput } from '../../src/shared/reports'
import { measure } from '../measure'
import { startHost, walkIn } from '../workloads/host'

/** A complete three-cassette biopsy report, every section filled, accents on purpose. */
const CONTENT: ReportContentInput = {
  macroscopy: 'Nódulo cutáneo de 2,3 × 1,8 cm, firme, blanquecino al corte. Se incluye en su totalidad.',
  cassettes: [
    { code: 'A1', tissue: 'Nódulo, sección central', pieces: 2, microscopy: 'Proliferación de células fusiformes en haces entrelazados; índice mitótico bajo.' },
    { code: 'A2', tissue: 'Márgenes laterales', pieces: 3, microscopy: 'Márgenes libres de neoplasia; el más próximo a 3 mm.' },
    { code: 'B1', tissue: 'Piel adyacente', pieces: 1, microscopy: 'Dermatitis perivascular superficial leve.' }
  ],
  diagnosis: 'Sarcoma de tejidos blandos de grado I, márgenes libres.',
  comments: 'Se recomienda revisión clínica en seis meses.',
  pathologist: { name: 'Dr. Íñigo Muñoz Peña', licence: '28/5678' }
}

export async function run(): Promise<Record<string, number>> {
  const bench = await startHost()
  const finalized = new Map<string, () => void>()
  bench.host.subscribe((event, payload) => {
    const change = payload as { reportId?: string; status?: string }
    if (event === 'reports.changed' && change.status === 'finalized' && change.reportId) finalized.get(change.reportId)?.()
  })
  try {
    const vet = await bench.call('veterinarians.create', { name: 'Dra. Marta Ruiz', clinic: 'Clínica La Cañada', email: 'marta@lacanada.example', phone: '', licence: '28/1234' })
    const setUp = async () => {
      const { protocol } = await bench.call('reception.receive', walkIn(vet.id))
      const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: CONTENT })
      // A finalize that fails in its job never sends the event: stop the area instead of waiting forever.
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`report ${draft.id} was not finalized within 30 s`)), 30_000).unref()
        finalized.set(draft.id, () => {
          clearTimeout(timer)
          resolve()
        })
      })
      done.catch(() => undefined) // awaited by the run; this only keeps an early failure from going unhandled
      return { draftId: draft.id, done }
    }
    const finalize = await measure({ warmUp: 5, iterations: 40, setUp }, async ({ draftId, done }) => {
      await bench.call('reports.finalize', { id: draftId })
      await done
      finalized.delete(draftId)
    })
    return { report_finalize_median_ms: finalize.median }
  } finally {
    await bench.close()
  }
}
