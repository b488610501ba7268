import { fileURLToPath } from 'node:url'
import { createNodeWorkerSpawner } from '../../../src/main/platform/worker-pool/node-worker'
import type { SpawnWorker } from '../../../src/main/platform/worker-pool/worker-pool'
import type { ReceiveInput } from '../../../src/shared/reception'
import type { ReportContentInput } from '../../../src/shared/reports'
import type { TestHost } from '../../support/bench-host'

export const REPORT_WORKER_ENTRY = fileURLToPath(new URL('./report-worker.ts', import.meta.url))

/** Workers running report-worker.ts: the real worker, whose report render can be told to stall. */
export function reportWorkers(env: Record<string, string> = {}): SpawnWorker {
  return createNodeWorkerSpawner({ entry: REPORT_WORKER_ENTRY, env })
}

type Call = TestHost['call']

/** A walk-in received now, with a veterinarian who has an e-mail address. */
export async function receiveProtocol(call: Call, overrides: Partial<ReceiveInput> = {}) {
  const vets = await call('veterinarians.list', {})
  const vet = vets.find((candidate) => candidate.email) ?? vets[0]!
  const { protocol } = await call('reception.receive', {
    type: 'HP',
    veterinarianId: vet.id,
    animal: { name: 'Peña', species: 'Perro', breed: 'Mestizo', sex: 'female_spayed', age: '7 años', owner: 'Núñez Ibáñez' },
    sample: { sampleType: 'Nódulo cutáneo', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] },
    ...overrides
  })
  return { protocol, veterinarian: vet }
}

/** A complete report: three cassettes, every section, accents on purpose. */
export function sampleContent(overrides: Partial<ReportContentInput> = {}): ReportContentInput {
  return {
    macroscopy: 'Nódulo cutáneo de 2,3 × 1,8 cm, firme, blanquecino al corte. Se incluye en su totalidad.',
    cassettes: [
      { code: 'A1', tissue: 'Nódulo, sección central', pieces: 2, microscopy: 'Proliferación de células fusiformes en haces entrelazados.' },
      { code: 'A2', tissue: 'Márgenes laterales', pieces: 3, microscopy: 'Márgenes libres de neoplasia (3 mm).' },
      { code: 'B1', tissue: 'Piel adyacente', pieces: 1, microscopy: 'Dermatitis perivascular leve.' }
    ],
    diagnosis: 'Sarcoma de tejidos blandos de grado I, márgenes libres.',
    comments: 'Se recomienda revisión en seis meses.',
    pathologist: { name: 'Dra. Lucía Peñalver', licence: '28/4567' },
    ...overrides
  }
}
