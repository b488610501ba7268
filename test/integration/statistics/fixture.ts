/**
 * A small bench whose statistics were worked out by hand: 14 protocols over ISO weeks 2026-W03
 * (Mon 12 – Sun 18 January) and 2026-W04 (Mon 19 – Sun 25 January), three veterinarians, two
 * clerks, three species. Times are local wall-clock times in Europe/Madrid (UTC+1 in January),
 * chosen to sit on the edges a UTC calendar would get wrong.
 *
 * | id  | type | species   | vet | clerk | decided (local)        | outcome                     | first "reported" (local) |
 * |-----|------|-----------|-----|-------|------------------------|-----------------------------|--------------------------|
 * | P1  | HP   | Perro     | Ana | Marta | Mon 12 Jan 09:00       | received                    | Wed 14 Jan 09:00 (48 h)  |
 * | P2  | CT   | Gato      | Bru | Marta | Mon 12 Jan 10:30       | received                    | Mon 12 Jan 16:30 (6 h)   |
 * | P3  | HP   | Perro     | Bru | Luis  | Mon 12 Jan 11:00       | rejected "Muestra sin fijar"|                          |
 * | P14 | CT   | Perro     | Car | Luis  | Tue 13 Jan 09:00       | received, later voided      |                          |
 * | P4  | HP   | Caballo   | Car | Luis  | Wed 14 Jan 00:30 (*)   | received                    | Fri 16 Jan 12:30 (60 h)  |
 * | P5  | CT   | "perro "  | Ana | Marta | Thu 15 Jan 12:00       | received                    | Thu 22 Jan 12:00 (168 h) |
 * | P6  | HP   | Gato      | Ana | Luis  | Fri 16 Jan 08:00       | rejected "Recipiente roto"  |                          |
 * | P7  | CT   | Gato      | Car | Marta | Sun 18 Jan 23:59 (*)   | rejected "muestra sin fijar "|                         |
 * | P8  | HP   | Perro     | Bru | Marta | Mon 19 Jan 00:15 (*)   | received                    | Tue 20 Jan 12:15 (36 h)  |
 * | P9  | HP   | Perro     | Ana | Luis  | Tue 20 Jan 10:00       | received                    | Wed 21 Jan 10:00 (24 h), reported again Fri 23 |
 * | P10 | CT   | Caballo   | Car | Luis  | Wed 21 Jan 09:00       | rejected "Muestra insuficiente" |                      |
 * | P11 | HP   | Gato      | Bru | Marta | Thu 22 Jan 15:00       | received (still processing) |                          |
 * | P12 | HP   | Perro     | Ana |       | —                      | registered, never decided   |                          |
 * | P13 | HP   | Gato      | Ana | Luis  | Wed 21 Jan 11:00       | received, then deleted      | Thu 22 Jan 11:00         |
 *
 * (*) P4 is still Tuesday in UTC, P7 is Sunday 22:59 UTC (same week), P8 is Sunday 23:15 UTC:
 * a UTC calendar would put P4 on the wrong day and P8 in the wrong week.
 */
import { createProtocolsRepository } from '../../../src/main/features/protocols/protocols-repository'
import { createVeterinariansRepository } from '../../../src/main/features/veterinarians/veterinarians-repository'
import type { Db } from '../../../src/main/platform/db/database'
import type { ProtocolStatus, ProtocolType } from '../../../src/shared/domain'
import { newId } from '../../../src/shared/ids'

export const TIME_ZONE = 'Europe/Madrid'

/** Reads a local wall-clock time; refuses to run if the process is not on the fixture's zone. */
export function local(wallClock: string): Date {
  const date = new Date(wallClock)
  if (new Date('2026-01-12T09:00').toISOString() !== '2026-01-12T08:00:00.000Z') {
    throw new Error(`the statistics fixture needs TZ=${TIME_ZONE} (set process.env.TZ before any test runs)`)
  }
  return date
}

export const VETS = { ana: 'Dra. Ana Peña', bruno: 'Dr. Bruno Díaz', carla: 'Dra. Carla Ruiz' } as const
type VetKey = keyof typeof VETS

interface FixtureProtocol {
  name: string
  type: ProtocolType
  species: string
  vet: VetKey
  clerk: string | null
  decided: string | null
  rejected?: string
  reported?: string[]
  /** Status the protocol ends in when not rejected and not reported. */
  status?: ProtocolStatus
  deleted?: boolean
}

export const PROTOCOLS: readonly FixtureProtocol[] = [
  { name: 'P1', type: 'HP', species: 'Perro', vet: 'ana', clerk: 'Marta', decided: '2026-01-12T09:00', reported: ['2026-01-14T09:00'] },
  { name: 'P2', type: 'CT', species: 'Gato', vet: 'bruno', clerk: 'Marta', decided: '2026-01-12T10:30', reported: ['2026-01-12T16:30'] },
  { name: 'P3', type: 'HP', species: 'Perro', vet: 'bruno', clerk: 'Luis', decided: '2026-01-12T11:00', rejected: 'Muestra sin fijar' },
  { name: 'P14', type: 'CT', species: 'Perro', vet: 'carla', clerk: 'Luis', decided: '2026-01-13T09:00', status: 'voided' },
  { name: 'P4', type: 'HP', species: 'Caballo', vet: 'carla', clerk: 'Luis', decided: '2026-01-14T00:30', reported: ['2026-01-16T12:30'] },
  { name: 'P5', type: 'CT', species: 'perro ', vet: 'ana', clerk: 'Marta', decided: '2026-01-15T12:00', reported: ['2026-01-22T12:00'] },
  { name: 'P6', type: 'HP', species: 'Gato', vet: 'ana', clerk: 'Luis', decided: '2026-01-16T08:00', rejected: 'Recipiente roto' },
  { name: 'P7', type: 'CT', species: 'Gato', vet: 'carla', clerk: 'Marta', decided: '2026-01-18T23:59', rejected: 'muestra sin fijar ' },
  { name: 'P8', type: 'HP', species: 'Perro', vet: 'bruno', clerk: 'Marta', decided: '2026-01-19T00:15', reported: ['2026-01-20T12:15'] },
  { name: 'P9', type: 'HP', species: 'Perro', vet: 'ana', clerk: 'Luis', decided: '2026-01-20T10:00', reported: ['2026-01-21T10:00', '2026-01-23T10:00'] },
  { name: 'P10', type: 'CT', species: 'Caballo', vet: 'carla', clerk: 'Luis', decided: '2026-01-21T09:00', rejected: 'Muestra insuficiente' },
  { name: 'P11', type: 'HP', species: 'Gato', vet: 'bruno', clerk: 'Marta', decided: '2026-01-22T15:00', status: 'processing' },
  { name: 'P12', type: 'HP', species: 'Perro', vet: 'ana', clerk: null, decided: null },
  { name: 'P13', type: 'HP', species: 'Gato', vet: 'ana', clerk: 'Luis', decided: '2026-01-21T11:00', reported: ['2026-01-22T11:00'], deleted: true }
]

/** Writes the veterinarians and protocols (with their status history) through the real repositories. */
export function insertFixture(db: Db): { vetIds: Record<VetKey, string>; protocolIds: Record<string, string> } {
  const vets = createVeterinariansRepository(db)
  const protocols = createProtocolsRepository(db)
  const created = local('2026-01-05T08:00').toISOString()
  const vetIds = { ana: newId(), bruno: newId(), carla: newId() }
  const protocolIds: Record<string, string> = {}
  db.transaction(() => {
    for (const key of Object.keys(VETS) as VetKey[]) {
      vets.insert({ id: vetIds[key], name: VETS[key], clinic: '', email: '', phone: '', licence: '', demo: false }, created)
    }
    let seq = 1
    for (const spec of PROTOCOLS) {
      const id = newId()
      protocolIds[spec.name] = id
      const decidedAt = spec.decided ? local(spec.decided).toISOString() : null
      const accepted = decidedAt !== null && !spec.rejected
      const finalStatus: ProtocolStatus = spec.rejected ? 'rejected' : spec.reported ? 'reported' : (spec.status ?? (decidedAt ? 'received' : 'registered'))
      const number = accepted ? seq++ : null
      protocols.insert({
        id,
        type: spec.type,
        year: number === null ? null : 2026,
        seq: number,
        number: number === null ? null : `${spec.type} 26/${String(number).padStart(4, '0')}`,
        externalId: null,
        status: finalStatus,
        veterinarianId: vetIds[spec.vet],
        animal: { name: spec.name, species: spec.species, breed: '', sex: 'unknown', age: '', owner: '' },
        sample: { sampleType: 'Biopsia', fixative: '', containers: [{ condition: 'good', note: '' }] },
        rejectionReason: spec.rejected ?? null,
        receivedAt: decidedAt,
        receivedBy: spec.clerk,
        createdAt: created,
        demo: false
      })
      protocols.recordStatus(id, { at: created, actor: 'web', from: null, to: 'registered', note: '' })
      if (decidedAt) {
        const decided = spec.rejected ? 'rejected' : 'received'
        protocols.recordStatus(id, { at: decidedAt, actor: spec.clerk ?? '', from: 'registered', to: decided, note: spec.rejected ?? '' })
        let previous: ProtocolStatus = decided
        for (const at of spec.reported ?? []) {
          if (previous === 'received') protocols.recordStatus(id, { at: decidedAt, actor: 'lab', from: 'received', to: 'processing', note: '' })
          protocols.recordStatus(id, { at: local(at).toISOString(), actor: 'lab', from: previous === 'received' ? 'processing' : previous, to: 'reported', note: '' })
          previous = 'reported'
        }
        if (spec.status && spec.status !== 'received') protocols.recordStatus(id, { at: decidedAt, actor: 'lab', from: 'received', to: spec.status, note: '' })
      }
      if (spec.deleted) db.prepare(`UPDATE protocols SET deleted_at = ? WHERE id = ?`).run(local('2026-01-23T09:00').toISOString(), id)
    }
  })()
  return { vetIds, protocolIds }
}

/** After both weeks: every fixture period is over, so its summary is final. */
export const AFTER_BOTH_WEEKS = '2026-02-02T10:00'
