/**
 * Domain vocabulary shared by every process. Plain data only: no Node, no DOM.
 * Schemas are the source of truth; the TypeScript types are inferred from them so the IPC
 * boundary, the store and the renderer can never disagree about a field.
 */
import { z } from 'zod'
import { CONTAINER_CONDITIONS, PROTOCOL_STATUSES, PROTOCOL_TYPES, RECEPTION_TEXT_LIMITS, SEXES, VETERINARIAN_TEXT_LIMITS } from './vocabulary'

export const Uuid = z.uuid()

/**
 * Sequence numbers run 1..MAX_SEQ per series and year: printed with at least four digits
 * (`HP 26/0123`, `HP 26/12345`), and read back by the scan pattern (scan.ts), which takes up to
 * five. Servers lease and accept nothing above it, so every number a bench prints can be scanned.
 */
export const MAX_SEQ = 99_999
export const MAX_SEQ_DIGITS = String(MAX_SEQ).length

export const ProtocolType = z.enum(PROTOCOL_TYPES)
export type ProtocolType = z.infer<typeof ProtocolType>

/**
 * registered: pre-registered by the veterinarian, sample not yet at the bench.
 * received/rejected: decided at the bench. processing -> reported: the lab's work.
 * voided keeps its number forever (numbers are never reused).
 */
export const ProtocolStatus = z.enum(PROTOCOL_STATUSES)
export type ProtocolStatus = z.infer<typeof ProtocolStatus>

export const Sex = z.enum(SEXES)
export type Sex = z.infer<typeof Sex>

export const ContainerCondition = z.enum(CONTAINER_CONDITIONS)
export type ContainerCondition = z.infer<typeof ContainerCondition>

const text = (max: number) => z.string().trim().max(max)
const requiredText = (max: number) => z.string().trim().min(1).max(max)

const animalLimits = RECEPTION_TEXT_LIMITS.animal
export const Animal = z.object({
  name: requiredText(animalLimits.name),
  species: requiredText(animalLimits.species),
  breed: text(animalLimits.breed).default(''),
  sex: Sex.default('unknown'),
  age: text(animalLimits.age).default(''),
  owner: text(animalLimits.owner).default('')
})
export type Animal = z.infer<typeof Animal>

export const Container = z.object({
  condition: ContainerCondition.default('good'),
  note: text(RECEPTION_TEXT_LIMITS.containerNote).default('')
})
export type Container = z.infer<typeof Container>

export const Sample = z.object({
  sampleType: requiredText(RECEPTION_TEXT_LIMITS.sample.sampleType),
  fixative: text(RECEPTION_TEXT_LIMITS.sample.fixative).default('formol 10%'),
  containers: z.array(Container).min(1).max(50)
})
export type Sample = z.infer<typeof Sample>

export const Veterinarian = z.object({
  id: Uuid,
  name: requiredText(VETERINARIAN_TEXT_LIMITS.name),
  clinic: text(VETERINARIAN_TEXT_LIMITS.clinic).default(''),
  email: z.union([z.email().max(VETERINARIAN_TEXT_LIMITS.email), z.literal('')]).default(''),
  phone: text(VETERINARIAN_TEXT_LIMITS.phone).default(''),
  licence: text(VETERINARIAN_TEXT_LIMITS.licence).default(''),
  demo: z.boolean().default(false)
})
export type Veterinarian = z.infer<typeof Veterinarian>

export const Protocol = z.object({
  id: Uuid,
  type: ProtocolType,
  /** Full year the number belongs to (2026); null until the sample is received. */
  year: z.number().int().nullable(),
  seq: z.number().int().min(1).max(MAX_SEQ).nullable(),
  number: z.string().nullable(),
  externalId: z.string().nullable(),
  status: ProtocolStatus,
  veterinarianId: Uuid,
  veterinarianName: z.string(),
  animal: Animal,
  sample: Sample,
  rejectionReason: z.string().nullable(),
  receivedAt: z.string().nullable(),
  receivedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  demo: z.boolean()
})
export type Protocol = z.infer<typeof Protocol>

export const ProtocolSummary = Protocol.pick({
  id: true,
  type: true,
  number: true,
  externalId: true,
  status: true,
  veterinarianName: true,
  receivedAt: true,
  createdAt: true,
  demo: true
}).extend({ animalName: z.string(), species: z.string(), owner: z.string() })
export type ProtocolSummary = z.infer<typeof ProtocolSummary>

export const AuditEntry = z.object({
  id: Uuid,
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable()
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const StatusChange = z.object({
  at: z.string(),
  actor: z.string(),
  from: ProtocolStatus.nullable(),
  to: ProtocolStatus,
  note: z.string()
})
export type StatusChange = z.infer<typeof StatusChange>

export const Service = z.object({
  id: Uuid,
  code: requiredText(20),
  description: requiredText(200),
  /** Money is kept in integer cents everywhere; floats never touch a total. */
  unitPriceCents: z.number().int().nonnegative(),
  taxRatePercent: z.number().min(0).max(100),
  active: z.boolean()
})
export type Service = z.infer<typeof Service>

/** Formats a protocol number the way every label, report and search box shows it: `HP 26/0123`. */
export function formatProtocolNumber(type: ProtocolType, year: number, seq: number): string {
  const yy = String(year % 100).padStart(2, '0')
  return `${type} ${yy}/${String(seq).padStart(4, '0')}`
}
