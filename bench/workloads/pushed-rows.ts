/**
 * The fields a bench pushes for a received protocol and an issued work order: what the reference
 * server checks (numbers, status) and a realistic rest. Server tests and the server benches
 * (the two-instance storm) push the same rows.
 */
import { formatProtocolNumber } from '../../src/shared/domain'
import { newId } from '../../src/shared/ids'
import { formatWorkOrderNumber } from '../../src/shared/work-orders'

/** Reception fields of a received protocol with number `seq`. */
export function receivedProtocol(year: number, seq: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'HP',
    year,
    seq,
    number: formatProtocolNumber('HP', year, seq),
    externalId: null,
    status: 'received',
    veterinarianId: newId(),
    veterinarianName: 'Dra. Marta Ruiz',
    animal: { name: 'Luna', species: 'Canine', breed: 'Labrador', sex: 'female', age: '7', owner: 'García' },
    sample: { sampleType: 'Skin nodule', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] },
    rejectionReason: null,
    receivedAt: '2026-03-02T10:00:00.000Z',
    receivedBy: 'clerk',
    createdAt: '2026-03-02T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    demo: false,
    ...overrides
  }
}

/** What a bench pushes for an issued work order (the fields the server checks, and a few others). */
export function issuedOrder(year: number | null, seq: number | null, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number: year !== null && seq !== null ? formatWorkOrderNumber(year, seq) : null,
    year,
    seq,
    status: 'issued',
    version: 1,
    supersedesId: null,
    veterinarianId: newId(),
    veterinarianName: 'Dra. Marta Ruiz',
    issuedAt: '2026-03-02T10:00:00.000Z',
    lines: [],
    ...overrides
  }
}
