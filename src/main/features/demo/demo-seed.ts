import type { Db } from '../../platform/db/database'
import type { ContainerCondition, ProtocolStatus, ProtocolType, Sex } from '../../../shared/domain'
import { formatProtocolNumber } from '../../../shared/domain'
import { newId } from '../../../shared/ids'
import { seededRandom } from '../../../shared/seeded-random'
import { createProtocolsRepository } from '../protocols/protocols-repository'
import { createVeterinariansRepository } from '../veterinarians/veterinarians-repository'
import { createServicesRepository } from '../work-orders/services-repository'

const VETS = [
  ['Dra. Lucía Fernández', 'Clínica Veterinaria Peñalara'],
  ['Dr. Andrés Muñoz', 'Hospital Veterinario Guadarrama'],
  ['Dra. Marta Ibáñez', 'Centro Veterinario La Alameda'],
  ['Dr. Jorge Castaño', 'Clínica Los Álamos'],
  ['Dra. Paula Núñez', 'Veterinaria Río Duero'],
  ['Dr. Sergio Ortega', 'Clínica Felina Gatópolis'],
  ['Dra. Elena Marín', 'Hospital Veterinario Sierra Norte'],
  ['Dr. Tomás Beltrán', 'Centro Veterinario Campoamor'],
  ['Dra. Irene Salcedo', 'Clínica Exóticos del Sur'],
  ['Dr. Raúl Quiñones', 'Veterinaria Montaña Azul'],
  ['Dra. Carmen Olmedo', 'Clínica Veterinaria San Antón'],
  ['Dr. Víctor Llorente', 'Hospital Equino La Dehesa']
] as const

const ANIMALS = ['Luna', 'Toby', 'Nala', 'Rocky', 'Kira', 'Coco', 'Simba', 'Lola', 'Bruno', 'Maya', 'Thor', 'Niña', 'Pipa', 'Zeus', 'Canela', 'Chispa', 'Dúo', 'Óscar']
const SPECIES: Array<[string, string[]]> = [
  ['Perro', ['Labrador', 'Pastor alemán', 'Mestizo', 'Bulldog francés', 'Galgo español', 'Yorkshire']],
  ['Gato', ['Común europeo', 'Siamés', 'Persa', 'Maine Coon']],
  ['Caballo', ['Pura raza española', 'Árabe']],
  ['Conejo', ['Belier', 'Enano']],
  ['Hurón', ['']]
]
const OWNERS = ['García López', 'Martínez Ruiz', 'Sánchez Peña', 'Gómez Navarro', 'Díaz Cañas', 'Romero Vidal', 'Alonso Núñez', 'Torres Ibáñez', 'Jiménez Mora', 'Vázquez Ortiz']
const SAMPLES_HP = ['Nódulo cutáneo', 'Masa mamaria', 'Biopsia hepática', 'Bazo', 'Ganglio linfático', 'Biopsia intestinal', 'Piel (punch)']
const SAMPLES_CT = ['Citología de nódulo', 'Líquido pleural', 'Aspirado de ganglio', 'Citología vaginal', 'Líquido ascítico']
const SEXES: Sex[] = ['male', 'female', 'male_neutered', 'female_spayed', 'unknown']
const CONDITIONS: ContainerCondition[] = ['good', 'good', 'good', 'good', 'leaking', 'insufficient_fixative']
const STATUSES: ProtocolStatus[] = ['registered', 'received', 'received', 'processing', 'processing', 'reported', 'reported', 'rejected', 'voided']
const REJECTIONS = ['Muestra sin fijar', 'Recipiente roto', 'Falta hoja de solicitud', 'Muestra insuficiente']

export const DEMO_SERVICES = [
  ['HP-BIO', 'Biopsia histopatológica', 4500],
  ['HP-BIO2', 'Biopsia histopatológica (2-3 muestras)', 6500],
  ['HP-NEC', 'Necropsia completa', 18000],
  ['HP-MAR', 'Estudio de márgenes quirúrgicos', 2500],
  ['HP-IHQ', 'Inmunohistoquímica (por marcador)', 5500],
  ['HP-DEC', 'Decalcificación', 1500],
  ['CT-CIT', 'Citología', 3000],
  ['CT-LIQ', 'Análisis de líquido cavitario', 3500],
  ['CT-MED', 'Citología de médula ósea', 6000],
  ['URG', 'Recargo urgencia (24 h)', 2000]
] as const

export interface SeedOptions {
  protocols: number
  now: Date
  seed?: number
  /** Demo numbers sit high in the sequence so they never meet the numbers real receptions use. */
  firstSeq?: number
  /** Bulk fixtures (benchmarks) skip per-row history to keep generation fast. */
  withHistory?: boolean
  /**
   * Spread the protocols over this many years up to `now`, numbered in the year they were
   * received (a lab's history); unset: the last 90 days. A year holds at most MAX_SEQ numbers
   * of a series, so large fixtures need several.
   */
  years?: number
}

/** Writes clearly marked demo data (every row has demo = 1) in one transaction. */
export function seedDemoData(db: Db, options: SeedOptions): { veterinarians: number; protocols: number } {
  const random = seededRandom(options.seed ?? 20261123)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const protocols = createProtocolsRepository(db)
  const vets = createVeterinariansRepository(db)
  const services = createServicesRepository(db)
  const at = options.now.toISOString()
  const nextSeq = new Map<string, number>()
  const takeSeq = (type: ProtocolType, year: number): number => {
    const seq = nextSeq.get(`${type}-${year}`) ?? options.firstSeq ?? 9000
    nextSeq.set(`${type}-${year}`, seq + 1)
    return seq
  }

  db.transaction(() => {
    const vetIds = VETS.map(([name, clinic], index) => {
      const id = newId()
      const slug = name.replace(/^Dra?\. /, '').split(' ')[0]!.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
      vets.insert(
        { id, name, clinic, email: `${slug}${index}@example.org`, phone: `+34 600 000 ${String(index).padStart(3, '0')}`, licence: `COL-${1000 + index}`, demo: true },
        at
      )
      return { id, name }
    })
    for (const [code, description, cents] of DEMO_SERVICES) {
      services.insert({ id: newId(), code, description, unitPriceCents: cents, taxRatePercent: 21, active: true }, at, true)
    }
    const spanMs = options.years ? options.years * 365.25 * 24 * 3600 * 1000 : 90 * 24 * 3600 * 1000
    for (let i = 0; i < options.protocols; i++) {
      const type: ProtocolType = random() < 0.7 ? 'HP' : 'CT'
      const status = pick(STATUSES)
      const [species, breeds] = pick(SPECIES)
      const vet = pick(vetIds)
      // Oldest first, so the newest demo protocols come first in the list like real ones do.
      const created = new Date(options.now.getTime() - spanMs + (spanMs * i) / Math.max(1, options.protocols))
      const numbered = status !== 'registered'
      const received = new Date(created.getTime() + 3600_000)
      // Without `years` every demo number is of this year, even for the days before a New Year.
      const year = options.years ? received.getUTCFullYear() : options.now.getUTCFullYear()
      const seq = numbered ? takeSeq(type, year) : null
      const containers = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ condition: pick(CONDITIONS), note: '' }))
      const id = newId()
      const receivedAt = numbered ? received.toISOString() : null
      protocols.insert({
        id,
        type,
        year: numbered ? year : null,
        seq,
        number: seq === null ? null : formatProtocolNumber(type, year, seq),
        externalId: `SUB-${String(100000 + i)}`,
        status,
        veterinarianId: vet.id,
        animal: { name: pick(ANIMALS), species, breed: pick(breeds), sex: pick(SEXES), age: `${1 + Math.floor(random() * 15)} años`, owner: pick(OWNERS) },
        sample: { sampleType: pick(type === 'HP' ? SAMPLES_HP : SAMPLES_CT), fixative: type === 'HP' ? 'formol 10%' : '', containers },
        rejectionReason: status === 'rejected' ? pick(REJECTIONS) : null,
        receivedAt,
        receivedBy: numbered ? 'demo' : null,
        createdAt: created.toISOString(),
        demo: true
      })
      if (options.withHistory !== false) {
        protocols.recordStatus(id, { at: created.toISOString(), actor: 'demo', from: null, to: 'registered', note: '' })
        if (numbered && receivedAt) protocols.recordStatus(id, { at: receivedAt, actor: 'demo', from: 'registered', to: status, note: 'demo' })
      }
    }
  })()
  return { veterinarians: VETS.length, protocols: options.protocols }
}
