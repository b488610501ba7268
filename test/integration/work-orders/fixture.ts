/**
 * A real live host (no demo data: demo rows never reach the outbox) with the lab's price list,
 * typed ranges to number from, one veterinarian of our own and three of their samples received
 * today, so every work-order test starts from known protocols.
 */
import { installLabPriceList, startTestHost, typeRanges, type TestHost } from '../../support/bench-host'
import type { BenchHostOptions } from '../../../src/main/host'
import { testClock } from '../../support/test-clock'

export interface WorkOrderFixture {
  bench: TestHost
  vetId: string
  vetName: string
  protocolIds: string[]
  protocolNumbers: string[]
}

export async function startWorkOrderFixture(options: Partial<BenchHostOptions> & { clerk?: string | null } = {}): Promise<WorkOrderFixture> {
  // The test calendar unless a test brings its own clock: nothing here reads today's date.
  const clock = options.clock ?? testClock
  const bench = await startTestHost({ demoProtocols: 0, ...options, clock })
  installLabPriceList(bench.host)
  await typeRanges(bench.call, clock().getFullYear())
  const vetName = 'Dra. Begoña Núñez'
  const vet = await bench.call('veterinarians.create', { name: vetName, clinic: 'Clínica Ñandú', email: 'begona@nandu.example', phone: '', licence: 'COL-77' })
  const protocolIds: string[] = []
  const protocolNumbers: string[] = []
  for (const [type, animal] of [['HP', 'Toby'], ['HP', 'Luna'], ['CT', 'Canela']] as const) {
    const { protocol } = await bench.call('reception.receive', {
      type,
      veterinarianId: vet.id,
      animal: { name: animal, species: 'Perro', owner: 'Pérez Muñoz' },
      sample: { sampleType: 'Biopsia de piel', containers: [{}] }
    })
    protocolIds.push(protocol.id)
    protocolNumbers.push(protocol.number!)
  }
  return { bench, vetId: vet.id, vetName, protocolIds, protocolNumbers }
}
