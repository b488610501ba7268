/**
 * The closed lists of the domain as plain tuples: the zod enums of domain.ts and bulk.ts are made
 * from them, and the renderer fills its selects from them, so the first screen loads no zod.
 */

export const PROTOCOL_TYPES = ['HP', 'CT'] as const

/** In the order a protocol lives them (see ProtocolStatus in domain.ts). */
export const PROTOCOL_STATUSES = ['registered', 'received', 'rejected', 'processing', 'reported', 'voided'] as const

export const SEXES = ['male', 'female', 'male_neutered', 'female_spayed', 'unknown'] as const

export const CONTAINER_CONDITIONS = ['good', 'leaking', 'broken', 'unfixed', 'insufficient_fixative', 'unlabelled'] as const

/** Spanish first: the benches are in Spanish-speaking labs; English is the alternative. */
export const LANGUAGES = ['es', 'en'] as const

/** Statuses a clerk may set in bulk; received/rejected are reception decisions, reported needs a report. */
export const BULK_STATUS_TARGETS = ['processing', 'received', 'voided'] as const

/** How long each text of a reception may be; the reception form's inputs carry the same limits. */
export const RECEPTION_TEXT_LIMITS = {
  animal: { name: 120, species: 60, breed: 80, age: 40, owner: 160 },
  sample: { sampleType: 120, fixative: 60 },
  containerNote: 200
} as const

/** How long each text of a veterinarian may be; the forms that add or correct one carry the same limits. */
export const VETERINARIAN_TEXT_LIMITS = { name: 160, clinic: 160, email: 160, phone: 40, licence: 40 } as const
